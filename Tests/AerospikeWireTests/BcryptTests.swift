import AerospikeCore
import AerospikeWire
import NIOCore
import Testing

@Suite("bcrypt and the Aerospike credential")
struct BcryptTests {
    /// The vectors published with Openwall's crypt_blowfish (also in OpenBSD's regress
    /// tests); libxcrypt gives the same.
    static let vectors: [(password: String, hash: String)] = [
        ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        ("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
        ("U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"),
        ("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
        ("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
         "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"),
    ]

    @Test("published vectors", arguments: vectors)
    func publishedVector(password: String, hash: String) throws {
        // The whole hash is a valid setting: only its first 29 characters are read.
        #expect(try Bcrypt.hash(password, setting: hash) == hash)
    }

    @Test("bytes past the 72nd do not count")
    func longPasswords() throws {
        let base = String(repeating: "x", count: 72)
        let setting = "$2a$04$abcdefghijklmnopqrstuu"
        #expect(try Bcrypt.hash(base + "tail", setting: setting) == Bcrypt.hash(base + "other", setting: setting))
        #expect(try Bcrypt.hash(String(base.dropLast()) + "y", setting: setting) != Bcrypt.hash(base, setting: setting))
    }

    @Test("malformed settings are refused", arguments: [
        "", "$2a$10$", "$1$10$7EqJtq98hPqEX7fNZaFWoO", "$2a$1x$7EqJtq98hPqEX7fNZaFWoO", "$2a$10$7EqJtq98hPqEX7fNZaFW!O",
    ])
    func malformed(setting: String) {
        #expect(throws: Bcrypt.Failure.self) { try Bcrypt.hash("pw", setting: setting) }
    }

    @Test("costs outside 4...31 are refused")
    func cost() {
        #expect(throws: Bcrypt.Failure.costOutOfRange(3)) { try Bcrypt.hash("pw", setting: "$2a$03$abcdefghijklmnopqrstuu") }
        #expect(throws: Bcrypt.Failure.costOutOfRange(32)) { try Bcrypt.hash("pw", setting: "$2a$32$abcdefghijklmnopqrstuu") }
    }

    /// The credential the official clients send for "admin" (libxcrypt agrees), at the cost
    /// they use: 2^10 rounds.
    @Test("the Aerospike credential uses the clients' fixed salt")
    func credential() {
        #expect(AerospikeCredential.hash(password: "admin") == "$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa")
    }

    @Test("a LOGIN encodes as the protocol lays it out and decodes back")
    func loginMessage() throws {
        let login = AdminMessage.login(user: "ann", credential: "$2a")
        let frame = login.frame()
        let expected: [UInt8] = [2, 2, 0, 0, 0, 0, 0, 32,
                                 0, 0, 20, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                 0, 0, 0, 4, 0, UInt8(ascii: "a"), UInt8(ascii: "n"), UInt8(ascii: "n"),
                                 0, 0, 0, 4, 3, UInt8(ascii: "$"), UInt8(ascii: "2"), UInt8(ascii: "a")]
        #expect(Array(frame.readableBytesView) == expected)
        #expect(try AdminMessage.decode(login.encode()) == login)
    }

    @Test("a reply's result code and session token are read")
    func reply() throws {
        let reply = AdminMessage(.login, resultCode: .ok, fields: [AdminField(.sessionToken, [1, 2, 3]), AdminField(.sessionTTL, [0, 0, 0x0e, 0x10])])
        let decoded = try AdminMessage.decode(reply.encode())
        #expect(decoded.resultCode == .ok)
        #expect(decoded.field(.sessionToken) == [1, 2, 3])
        #expect(decoded.field(.sessionTTL) == [0, 0, 0x0e, 0x10])
    }

    @Test("truncated security messages are refused, not trusted")
    func truncated() {
        let body = AdminMessage.login(user: "ann", credential: "x").encode()
        for length in [0, 15, 17, 20, body.readableBytes - 1] {
            #expect(throws: AerospikeError.self) { try AdminMessage.decode(body.getSlice(at: 0, length: length)!) }
        }
    }
}
