import AerospikeCore
import AerospikeServer
import AerospikeTestSupport
import AerospikeWire
import NIOCore
import Testing

/// serve with `--user`: logins, session tokens, and everything refused before them.
@Suite("Server security")
struct ServerSecurityTests {
    /// Hashed once (off the task pool), shared by the tests.
    static let usersTask = Task { await ServerSecurity.withUsers(["ann": "secret", "bob": "hunter2"]) }
    static var users: ServerSecurity { get async { await usersTask.value } }

    /// bcrypt off the task pool: the in-process server needs those threads. A hash that
    /// cannot be made fails the test here: an empty credential sent instead would still be
    /// refused, and a wrong-password test pass for the wrong reason.
    func credential(_ password: String) async throws -> String {
        let credential = try await onOwnThread { try Bcrypt.hash(password, setting: AerospikeCredential.setting) }
        // `$2a$10$`, the 22-character salt and the 31-character digest.
        try #require(credential.count == 60 && credential.hasPrefix(AerospikeCredential.setting), "not a bcrypt credential: '\(credential)'")
        return credential
    }

    func exchange(_ message: AdminMessage, on connection: TestConnection) async throws -> AdminMessage {
        try await connection.send(Array(message.frame().readableBytesView))
        let (type, body) = try await connection.receiveFrame()
        #expect(type == 2)
        return try AdminMessage.decode(ByteBuffer(bytes: body))
    }

    func getFrame() -> [UInt8] {
        let key = Key(namespace: "test", set: "s", userKey: .string("k"))
        return Array(WireRequest.read(key, bins: nil, ReadPolicy()).message().frame().readableBytesView)
    }

    @Test func loginReturnsASessionTokenThatAuthenticatesOtherConnections() async throws {
        let fixture = try await ServerFixture(security: await Self.users)
        let first = try TestConnection(port: fixture.port)
        let login = try await exchange(.login(user: "ann", credential: try await credential("secret")), on: first)
        #expect(login.resultCode == .ok)
        let token = try #require(login.field(.sessionToken))
        #expect(token.count == 32)
        #expect(login.field(.sessionTTL) == [0, 1, 0x51, 0x80])

        // The logged-in connection may now read: the record is simply not there.
        try await first.send(getFrame())
        let (type, body) = try await first.receiveFrame()
        #expect(type == 3 && body[5] == UInt8(ResultCode.recordNotFound.rawValue))

        let second = try TestConnection(port: fixture.port)
        #expect(try await exchange(.authenticate(user: "ann", sessionToken: token), on: second).resultCode == .ok)
        let third = try TestConnection(port: fixture.port)
        // The token is ann's, not bob's; and a made-up token is nobody's.
        #expect(try await exchange(.authenticate(user: "bob", sessionToken: token), on: third).resultCode == .invalidCredential)
        #expect(try await exchange(.authenticate(user: "ann", sessionToken: [UInt8](repeating: 7, count: 32)), on: third).resultCode == .invalidCredential)
        try await fixture.stop()
    }

    @Test func aWrongPasswordOrUnknownUserIsRefused() async throws {
        let fixture = try await ServerFixture(security: await Self.users)
        let connection = try TestConnection(port: fixture.port)
        let wrong = try await exchange(.login(user: "ann", credential: try await credential("hunter2")), on: connection)
        #expect(wrong.resultCode == .invalidPassword)
        #expect(wrong.field(.sessionToken) == nil)
        #expect(try await exchange(.login(user: "carol", credential: try await credential("secret")), on: connection).resultCode == .invalidUser)
        // Still not logged in.
        try await connection.send(getFrame())
        let (_, body) = try await connection.receiveFrame()
        #expect(body[5] == UInt8(ResultCode.notAuthenticated.rawValue))
        try await fixture.stop()
    }

    @Test func beforeLoginDataAndInfoAreRefused() async throws {
        let fixture = try await ServerFixture(security: await Self.users)
        let connection = try TestConnection(port: fixture.port)
        try await connection.send(getFrame())
        let (type, body) = try await connection.receiveFrame()
        #expect(type == 3)
        #expect(body[5] == UInt8(ResultCode.notAuthenticated.rawValue))
        // Marked last, so a client waiting for a batch stream stops waiting.
        #expect(body[3] & InfoFlags.last.rawValue != 0)
        try await connection.send(TestConnection.frame(type: 1, body: Array("node\nbuild\n".utf8)))
        let info = try await connection.receiveFrame()
        #expect(String(decoding: info.body, as: UTF8.self) == "node\tERROR:80:not authenticated\nbuild\tERROR:80:not authenticated\n")
        try await fixture.stop()
    }

    @Test func aMalformedSecurityMessageGetsAnErrorAndTheConnectionLives() async throws {
        let fixture = try await ServerFixture(security: await Self.users)
        let connection = try TestConnection(port: fixture.port)
        // LOGIN announcing two fields and carrying none.
        try await connection.send(TestConnection.frame(type: 2, body: [0, 0, 20, 2] + [UInt8](repeating: 0, count: 12)))
        let (type, body) = try await connection.receiveFrame()
        #expect(type == 2 && body[1] == UInt8(ResultCode.parameterError.rawValue) && body[2] == 20)
        #expect(try await exchange(.login(user: "ann", credential: try await credential("secret")), on: connection).resultCode == .ok)
        try await fixture.stop()
    }

    @Test func withoutUsersEverySecurityCommandSaysSecurityIsNotEnabled() async {
        let (reply, user) = ServerSecurity.disabled.answer(.login(user: "ann", credential: "x"))
        #expect(reply.resultCode == .securityNotEnabled)
        #expect(reply.command == .login)
        #expect(user == nil)
        #expect(!ServerSecurity.disabled.isEnabled)
        #expect(await Self.users.answer(AdminMessage(AdminCommand(rawValue: 1))).reply.resultCode == .invalidCommand)
    }
}
