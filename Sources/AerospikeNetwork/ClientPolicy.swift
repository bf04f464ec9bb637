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
    /// Whether calls made one at a time (`AerospikeClient.runSequentially`: a script at
    /// CONCURRENCY 1, a one-shot) and the first tend's request to the seed read and write
    /// their sockets on the calling thread, as the C client's synchronous calls do, rather
    /// than through the event loop. For a caller that does one thing at a time, such as
    /// the shell: a caller's thread blocked on a node is a thread its other tasks cannot
    /// use. Clear TCP only; a client speaking TLS uses the event loop for everything.
    public var callsBlockCaller: Bool

    public init(
        totalTimeout: Duration = .seconds(1),
        connectTimeout: Duration = .seconds(1),
        maxRetries: Int = 2,
        maxConnectionsPerNode: Int = 100,
        tendInterval: Duration = .seconds(1),
        failedTendsBeforeRemoval: Int = 3,
        credentials: Credentials? = nil,
        tls: TLSPolicy? = nil,
        callsBlockCaller: Bool = false
    ) {
        self.callsBlockCaller = callsBlockCaller
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
