import AerospikeCore

/// A namespace the embedded store serves, like a `namespace` stanza of aerospike.conf.
public struct NamespaceConfig: Sendable, Hashable {
    /// Thirty days, the default-ttl of the reference server configuration.
    public static let standardDefaultTTL: UInt32 = 2_592_000

    public var name: String
    /// Seconds a record lives when a write asks for the namespace default; 0 means never expire.
    public var defaultTTL: UInt32
    /// The largest record a write may leave, in bytes as `RecordSize` counts them: a
    /// server's `max-record-size`, 1 MiB unless configured.
    public var maxRecordSize: Int

    public static let standardMaxRecordSize = 1_048_576

    public init(name: String, defaultTTL: UInt32 = NamespaceConfig.standardDefaultTTL, maxRecordSize: Int = NamespaceConfig.standardMaxRecordSize) {
        self.name = name
        self.defaultTTL = defaultTTL
        self.maxRecordSize = maxRecordSize
    }

    /// `test` and `bar`, the namespaces of a stock server configuration.
    public static let defaults: [NamespaceConfig] = [
        NamespaceConfig(name: "test"),
        NamespaceConfig(name: "bar"),
    ]
}
