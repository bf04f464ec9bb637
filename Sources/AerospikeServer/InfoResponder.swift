import AerospikeSemantics
import AerospikeWire

/// Answers info commands from the server's real state: what clients ask to validate a
/// node, discover peers and learn the partition map, and what tools ask to list things.
struct InfoResponder: Sendable {
    let configuration: ServerConfiguration
    /// The port actually bound, which may differ from the configured 0.
    let port: @Sendable () -> Int
    let topology: ClusterTopology
    /// Namespaces, sets, secondary indexes, truncation: the store's to answer.
    let data: DataInfoResponder
    let statistics: @Sendable () -> [(String, String)]
    /// The TLS port actually bound, nil when the node has no TLS listener.
    var tlsPort: @Sendable () -> Int? = { nil }
    /// The name clients verify this node's certificate against, as `peers-tls-std` says.
    var tlsName: String?

    /// What serve really serves, and nothing more: a client picks its paths from this list.
    /// (A real 8.1 server also names blob-bits, cdt-index, cluster-stable, geo, query-show,
    /// relaxed-sc, replicas-max and udf.)
    static let features = [
        "batch-any", "batch-index", "cdt-list", "cdt-map", "float", "peers", "pipelining", "pquery", "pscans", "replicas", "replicas-all",
        "replicas-master", "sindex-exists", "truncate-namespace",
    ].joined(separator: ";")

    /// What a real 8.1 server answers to a command it does not know that carries
    /// parameters (`bins/test`, `mark:x`).
    static let unrecognized = "ERROR:4:unrecognized command"

    /// One (command, value) per command that has an answer. Like a real server, a bare word
    /// it does not know gets no line at all, and an unknown command with parameters gets
    /// `ERROR:4:unrecognized command`.
    func answer(_ commands: [String]) -> [(command: String, value: String)] {
        if commands.isEmpty {
            return ["node", "build", "edition", "version", "partition-generation", "features"].compactMap { name in
                value(for: name).map { (name, $0) }
            }
        }
        return commands.compactMap { command in
            if let value = value(for: command) { return (command, value) }
            let hasParameters = InfoMessage.name(of: command).endIndex != command.endIndex
            return hasParameters ? (command, InfoResponder.unrecognized) : nil
        }
    }

    func value(for command: String) -> String? {
        let name = InfoMessage.name(of: command)
        let port = self.port()
        let address = "\(configuration.host):\(port)"
        switch name {
        case "node": return configuration.nodeID
        case "build": return configuration.build
        case "edition": return "Aerospike Community Edition"
        case "version": return "Aerospike Community Edition build \(configuration.build) (aerosh serve)"
        case "cluster-name": return configuration.clusterName
        // A fresh real node starts its generations at 0, and serve's never move.
        case "partition-generation", "rebalance-generation": return "0"
        case "peers-generation": return "0"
        case "peers-clear-std", "peers-clear-alt":
            let peers = topology.peers(of: configuration.nodeIndex).map { "[\($0.nodeID),,[\($0.host):\($0.port)]]" }
            return "0,\(port),[\(peers.joined(separator: ","))]"
        // As a real server: each peer's TLS address and the name its certificate carries,
        // so a client that speaks TLS stays on TLS as it follows peers. A node without TLS
        // lists none, and no default port.
        case "peers-tls-std", "peers-tls-alt":
            guard let tlsPort = tlsPort() else { return "0,,[]" }
            let peers = topology.peers(of: configuration.nodeIndex).compactMap { peer in
                peer.tlsPort.map { "[\(peer.nodeID),\(tlsName ?? ""),[\(peer.host):\($0)]]" }
            }
            return "0,\(tlsPort),[\(peers.joined(separator: ","))]"
        case "service-tls-std", "service-tls-alt":
            return tlsPort().map { "\(configuration.host):\($0)" } ?? ""
        case "service-clear-std", "service-clear-alt", "service":
            return address
        case "services", "services-alumni", "services-alternate":
            return ""
        case "partitions": return "4096"
        case "replicas":
            let bitmap = topology.masterBitmap(node: configuration.nodeIndex)
            return namespaces { "\($0):0,1,\(bitmap)" }
        case "replicas-all":
            let bitmap = topology.masterBitmap(node: configuration.nodeIndex)
            return namespaces { "\($0):1,\(bitmap)" }
        case "replicas-master":
            let bitmap = topology.masterBitmap(node: configuration.nodeIndex)
            return namespaces { "\($0):\(bitmap)" }
        case "rack-ids":
            return namespaces { "\($0):0" }
        case "features": return InfoResponder.features
        case "user-agent-set": return "ok"
        case "misrouted":
            return statistics().first { $0.0 == "misrouted" }?.1 ?? "0"
        case "statistics":
            return statistics().map { "\($0.0)=\($0.1)" }.joined(separator: ";")
        default: return data.value(for: command)
        }
    }

    private func namespaces(_ section: (String) -> String) -> String {
        configuration.namespaces.map(section).joined(separator: ";")
    }
}
