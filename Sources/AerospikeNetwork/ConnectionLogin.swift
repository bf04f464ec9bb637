import AerospikeCore
import AerospikeWire
import NIOPosix
import Synchronization

/// A user's name and password for internal authentication.
public struct Credentials: Sendable, Hashable {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}

/// Logs each new connection in, as the official clients do: the first connection to a node
/// sends LOGIN with the user's credential and keeps the session token it gets back; later
/// connections send AUTHENTICATE with that token, and LOGIN again when it is refused. A
/// node answering SECURITY_NOT_ENABLED needs no login, and is not asked again.
final class ConnectionLogin: Sendable {
    let user: String
    /// The password's bcrypt hash, computed once: it is deliberately slow.
    private let credential: String
    private let sessions = Mutex<[HostAddress: Session]>([:])

    private enum Session {
        /// The token, and when to stop offering it: a minute before the server's session
        /// TTL runs out, as the official clients do.
        case token([UInt8], renewAfter: ContinuousClock.Instant?)
        case notRequired
    }

    private init(user: String, credential: String) {
        self.user = user
        self.credential = credential
    }

    static func make(_ credentials: Credentials) async -> ConnectionLogin {
        // bcrypt is slow on purpose: it runs on NIO's thread pool, not on a thread that
        // runs tasks.
        let password = credentials.password
        let credential = (try? await NIOThreadPool.singleton.runIfActive { AerospikeCredential.hash(password: password) })
            ?? AerospikeCredential.hash(password: password)
        return ConnectionLogin(user: credentials.user, credential: credential)
    }

    func logIn(_ connection: some PooledConnection, deadline: ContinuousClock.Instant) async throws(AerospikeError) {
        let address = connection.address
        switch sessions.withLock({ $0[address] }) {
        case .notRequired:
            return
        case .token(let token, let renewAfter) where renewAfter.map { ContinuousClock.now < $0 } ?? true:
            let reply = try await send(.authenticate(user: user, sessionToken: token), on: connection, deadline: deadline)
            if reply.resultCode == .ok { return }
            if reply.resultCode == .securityNotEnabled {
                sessions.withLock { $0[address] = .notRequired }
                return
            }
            // Refused: forget the token, so that if this connection does not survive the
            // refusal, the next one logs in rather than offering it again.
            sessions.withLock { $0[address] = nil }
        // An expiring or refused token: log in afresh.
        case .token, nil:
            break
        }
        let reply = try await send(.login(user: user, credential: credential), on: connection, deadline: deadline)
        switch reply.resultCode {
        case .ok:
            // A server that returns no token authenticates this connection only; the next
            // one logs in again.
            if let token = reply.field(.sessionToken) {
                let renewAfter = reply.field(.sessionTTL).flatMap(Self.sessionTTL).map { ContinuousClock.now + .seconds(max(0, Int64($0) - 60)) }
                sessions.withLock { $0[address] = .token(token, renewAfter: renewAfter) }
            }
        case .securityNotEnabled:
            sessions.withLock { $0[address] = .notRequired }
        default:
            throw AerospikeError(reply.resultCode, message: "cannot log in to \(address) as \(user)")
        }
    }

    /// A session TTL field: seconds, big-endian.
    private static func sessionTTL(_ bytes: [UInt8]) -> UInt32? {
        guard bytes.count == 4 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    private func send(_ message: AdminMessage, on connection: some PooledConnection, deadline: ContinuousClock.Instant) async throws(AerospikeError) -> AdminMessage {
        let reply = try await connection.exchange(message.frame(), deadline: deadline)
        guard case .admin(let body) = reply else {
            throw AerospikeError(.clientError, message: "\(connection.address) answered a login with another kind of message")
        }
        return try AdminMessage.decode(body)
    }
}
