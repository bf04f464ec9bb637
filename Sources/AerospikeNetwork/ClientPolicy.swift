/// How the wire client behaves: timeouts, retries, pool bounds, tending.
public struct ClientPolicy: Sendable {
    /// A command's deadline when its policy gives none, retries included.
    public var totalTimeout: Duration
    public var connectTimeout: Duration
    public var maxRetries: Int
    public var maxConnectionsPerNode: Int
    public var tendInterval: Duration
    /// A node that misses this many tends in a row leaves the cluster (while another remains).
    public var failedTendsBeforeRemoval: Int
    /// Log in as this user on every connection (internal authentication); nil for a
    /// cluster without security.
    public var credentials: Credentials?
    /// Speak TLS to every node (peers learned through `peers-tls-std`); nil for clear.
    public var tls: TLSPolicy?

    public init(
        totalTimeout: Duration = .seconds(1),
        connectTimeout: Duration = .seconds(1),
        maxRetries: Int = 2,
        maxConnectionsPerNode: Int = 100,
        tendInterval: Duration = .seconds(1),
        failedTendsBeforeRemoval: Int = 3,
        credentials: Credentials? = nil,
        tls: TLSPolicy? = nil
    ) {
        self.tls = tls
        self.credentials = credentials
        self.totalTimeout = totalTimeout
        self.connectTimeout = connectTimeout
        self.maxRetries = maxRetries
        self.maxConnectionsPerNode = maxConnectionsPerNode
        self.tendInterval = tendInterval
        self.failedTendsBeforeRemoval = failedTendsBeforeRemoval
    }
}
