/// A scan of a namespace (or of one set of it), or, with a filter, a query through a
/// secondary index: what `AerospikeClient.scan` runs.
///
/// Records come partition by partition; within a partition, in digest order. That is what
/// lets a scan resume where it stopped (`PartitionCursor.after`): on another node after a
/// failure, or in the next slice of a long reply.
public struct ScanRequest: Sendable, Hashable {
    public var namespace: String
    /// nil scans the whole namespace, every set included.
    public var set: String?
    /// Which bins each record brings: all, some, or none (metadata only, for counting).
    public var bins: BatchBins
    /// nil: a scan. Otherwise a query: only records the index finds for this filter.
    public var filter: IndexFilter?
    /// At most this many records in all; nil: every one.
    public var maxRecords: Int?
    /// The partitions to read, each from its start or after a digest; nil: all 4,096.
    public var partitions: [PartitionCursor]?
    public var policy: ReadPolicy

    public init(
        namespace: String, set: String? = nil, bins: BatchBins = .all, filter: IndexFilter? = nil,
        maxRecords: Int? = nil, partitions: [PartitionCursor]? = nil, policy: ReadPolicy = ReadPolicy()
    ) {
        self.namespace = namespace
        self.set = set
        self.bins = bins
        self.filter = filter
        self.maxRecords = maxRecords
        self.partitions = partitions
        self.policy = policy
    }

    /// The partitions to read, in the order they are read.
    public var cursors: [PartitionCursor] {
        partitions ?? PartitionCursor.all
    }

    /// `test.demo`, or `test` for a whole namespace.
    public var place: String {
        self.set.map { "\(namespace).\($0)" } ?? namespace
    }

    /// What a query whose bin has no fitting index is told (nil for a scan): the same words
    /// from the embedded store and from the wire client.
    public var missingIndexMessage: String? {
        filter.map { "no \($0.indexType.rawValue) index on bin '\($0.bin)' of \(place)" }
    }
}

/// One partition of a scan, and where in it to begin.
public struct PartitionCursor: Sendable, Hashable {
    public static let partitionCount = 4096
    /// Every partition from its start, in partition order.
    public static let all = (0..<partitionCount).map { PartitionCursor(id: $0) }

    public var id: Int
    /// Records up to and including this digest were delivered already.
    public var after: Digest?

    public init(id: Int, after: Digest? = nil) {
        self.id = id
        self.after = after
    }
}

/// What a scan hands its caller as it runs.
public enum ScanEvent: Sendable, Hashable {
    case record(Record)
    /// So many partitions of the scan are finished (a running total; for progress lines).
    case partitionsDone(Int)
}
