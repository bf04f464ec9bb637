/// Which nodes an info command goes to.
public enum InfoTarget: Sendable, Hashable {
    /// One node, any.
    case any
    /// Every node of the cluster.
    case all
    /// The node with this name, or at this `host:port`.
    case node(String)
}

/// One node's answer to an info command.
public struct InfoReply: Sendable, Hashable {
    /// The node's name (its `node` info value).
    public var node: String
    /// The reply, as the node sent it (without the command's echo).
    public var value: String

    public init(node: String, value: String) {
        self.node = node
        self.value = value
    }
}

/// Where a key's record lives: its partition, and the node that masters it.
public struct KeyPlacement: Sendable, Hashable {
    public var partition: Int
    /// The master node's name; nil when the client does not know one (no map yet).
    public var master: String?
    /// The master's address, where known.
    public var address: String?

    public init(partition: Int, master: String?, address: String? = nil) {
        self.partition = partition
        self.master = master
        self.address = address
    }
}
