import AerospikeCore
import Synchronization

/// The nodes `aerosh serve --nodes N` presents over one store: node i masters the
/// partitions p with p % N == i, and each lists the others as peers, so clients must route
/// by partition as they do with a real cluster.
public final class ClusterTopology: Sendable {
    public struct Member: Sendable, Hashable {
        public var nodeID: String
        public var host: String
        public var port: Int
        /// The node's TLS port, when it has one: what `peers-tls-std` lists.
        public var tlsPort: Int?

        public init(nodeID: String, host: String, port: Int, tlsPort: Int? = nil) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.tlsPort = tlsPort
        }
    }

    public let nodeCount: Int
    private let members = Mutex<[Member]>([])

    public init(nodeCount: Int) {
        precondition(nodeCount >= 1)
        self.nodeCount = nodeCount
    }

    /// A single node owning everything.
    public static var single: ClusterTopology { ClusterTopology(nodeCount: 1) }

    /// The node id of node `index`: 15 upper-case hex digits, like a server's.
    public static func nodeID(index: Int) -> String {
        let hex = String(index + 1, radix: 16, uppercase: true)
        return "A0E5B0000000" + String(repeating: "0", count: max(0, 3 - hex.count)) + hex
    }

    /// Known once every node is bound (ports may be chosen by the system).
    public func setMembers(_ list: [Member]) {
        members.withLock { $0 = list }
    }

    func peers(of index: Int) -> [Member] {
        members.withLock { list in list.enumerated().filter { $0.offset != index }.map(\.element) }
    }

    func owns(partition: Int, node index: Int) -> Bool {
        partition % nodeCount == index
    }

    /// Base64 of the 512-byte bitmap of the partitions node `index` masters.
    func masterBitmap(node index: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: 512)
        for partition in 0..<4096 where owns(partition: partition, node: index) {
            bytes[partition >> 3] |= 0x80 >> UInt8(partition & 7)
        }
        return Base64.encode(bytes)
    }
}
