/// The time a record has left, as a server reports it.
public enum RecordTTL: Sendable, Hashable {
    case never
    case seconds(UInt32)
}

/// Generation and time to live: what `exists` returns and what every record carries.
public struct RecordMetadata: Sendable, Hashable {
    public var generation: UInt32
    public var ttl: RecordTTL

    public init(generation: UInt32, ttl: RecordTTL) {
        self.generation = generation
        self.ttl = ttl
    }
}

/// A record as read: its key, its metadata and its bins in a stable order.
public struct Record: Sendable, Hashable {
    public var key: Key
    public var metadata: RecordMetadata
    public var bins: [Bin]

    public init(key: Key, metadata: RecordMetadata, bins: [Bin]) {
        self.key = key
        self.metadata = metadata
        self.bins = bins
    }

    public var generation: UInt32 { metadata.generation }
    public var ttl: RecordTTL { metadata.ttl }

    public subscript(bin name: String) -> Value? {
        bins.first(where: { $0.name == name })?.value
    }
}
