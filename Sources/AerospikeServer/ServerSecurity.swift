import AerospikeCore
import AerospikeWire
import NIOPosix
import Synchronization

/// Internal authentication for `aerosh serve`, as an Enterprise server with security
/// enabled does it: LOGIN checks a user's credential (the bcrypt hash every client sends)
/// and returns a session token; AUTHENTICATE accepts that token on further connections.
/// Until one of them succeeds, a connection gets NOT_AUTHENTICATED for everything else.
///
/// With no users, security is off: every security command gets SECURITY_NOT_ENABLED, which
/// clients take as "no login needed".
public final class ServerSecurity: Sendable {
    /// How long a session token stays valid, in seconds (the server's default session-ttl).
    public static let sessionTTL: UInt32 = 86_400

    /// User → the credential LOGIN must carry.
    private let credentials: [String: String]
    private let sessions = Mutex<[[UInt8]: Session]>([:])

    private struct Session {
        let user: String
        let expires: ContinuousClock.Instant
    }

    public static let disabled = ServerSecurity(credentials: [:])

    /// `users` maps each user to a password. Hashing each takes tens of milliseconds
    /// (bcrypt with 2^10 rounds), once, here, on NIO's thread pool.
    public static func withUsers(_ users: [String: String]) async -> ServerSecurity {
        var credentials: [String: String] = [:]
        for (user, password) in users {
            credentials[user] = (try? await NIOThreadPool.singleton.runIfActive { AerospikeCredential.hash(password: password) })
                ?? AerospikeCredential.hash(password: password)
        }
        return ServerSecurity(credentials: credentials)
    }

    private init(credentials: [String: String]) {
        self.credentials = credentials
    }

    public var isEnabled: Bool { !credentials.isEmpty }

    /// The reply to a security request, and the user the connection is now authenticated as
    /// (nil when it is not, or not by this request).
    public func answer(_ request: AdminMessage) -> (reply: AdminMessage, user: String?) {
        guard isEnabled else { return (AdminMessage(request.command, resultCode: .securityNotEnabled), nil) }
        switch request.command {
        case .login:
            guard let user = request.string(.user), let expected = credentials[user] else {
                return (AdminMessage(.login, resultCode: .invalidUser), nil)
            }
            guard request.string(.credential) == expected else {
                return (AdminMessage(.login, resultCode: .invalidPassword), nil)
            }
            let token = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
            let now = ContinuousClock.now
            sessions.withLock { sessions in
                // Forget expired sessions here, so that many short-lived clients (one-shot
                // `aerosh -U` runs) do not pile them up.
                sessions = sessions.filter { $0.value.expires > now }
                sessions[token] = Session(user: user, expires: now + .seconds(Int64(Self.sessionTTL)))
            }
            var ttl: [UInt8] = []
            for shift in stride(from: 24, through: 0, by: -8) { ttl.append(UInt8(truncatingIfNeeded: Self.sessionTTL >> UInt32(shift))) }
            return (AdminMessage(.login, fields: [AdminField(.sessionToken, token), AdminField(.sessionTTL, ttl)]), user)
        case .authenticate:
            guard let user = request.string(.user), let token = request.field(.sessionToken) else {
                return (AdminMessage(.authenticate, resultCode: .invalidCredential), nil)
            }
            let session = sessions.withLock { $0[token] }
            guard let session, session.user == user else {
                return (AdminMessage(.authenticate, resultCode: .invalidCredential), nil)
            }
            guard session.expires > .now else {
                sessions.withLock { _ = $0.removeValue(forKey: token) }
                return (AdminMessage(.authenticate, resultCode: .expiredSession), nil)
            }
            return (AdminMessage(.authenticate), user)
        default:
            // User and role administration is not served: there is one fixed set of users.
            return (AdminMessage(request.command, resultCode: .invalidCommand), nil)
        }
    }
}
