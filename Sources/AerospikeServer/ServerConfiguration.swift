import AerospikeCore

/// How `aerosh serve` presents itself to clients.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; `WireServer.port` tells which.
    public var port: Int
    /// The port of the TLS listener (0 picks a free one; `WireServer.tlsPort` tells which);
    /// nil for none. It only listens when `WireServer` is given a `ServerTLS`.
    public var tlsPort: Int?
    /// The node id clients see (upper-case hex, stable for the server's life).
    public var nodeID: String
    public var clusterName: String
    /// What `build` answers. Clients choose features from it; 8.1.2.0 is the release the
    /// reference captures came from.
    public var build: String
    /// Namespaces listed in `replicas` and `namespaces`, in this order.
    public var namespaces: [String]
    /// Connections silent this long are closed; clients reconnect on demand.
    public var idleTimeout: Duration
    /// This node's place in `ClusterTopology` (0 for a single node).
    public var nodeIndex: Int
    /// The clock that turns TTLs into the void times replies carry: the store's own, so a
    /// test that moves the store's time sees the same time on the wire.
    public var clock: any WallClock

    public init(
        host: String = "127.0.0.1",
        port: Int = 3000,
        tlsPort: Int? = nil,
        nodeID: String = ClusterTopology.nodeID(index: 0),
        clusterName: String = "null",
        build: String = "8.1.2.0",
        namespaces: [String],
        idleTimeout: Duration = .seconds(600),
        nodeIndex: Int = 0,
        clock: any WallClock = SystemClock()
    ) {
        self.host = host
        self.port = port
        self.tlsPort = tlsPort
        self.nodeID = nodeID
        self.clusterName = clusterName
        self.build = build
        self.namespaces = namespaces
        self.idleTimeout = idleTimeout
        self.nodeIndex = nodeIndex
        self.clock = clock
    }
}
