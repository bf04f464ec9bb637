import AerospikeCore

/// A record as the store keeps it: the row behind one (namespace, digest).
package struct StoredRecord: Sendable, Hashable {
    package var setName: String?
    /// Kept only when a write asked for SEND KEY.
    package var userKey: UserKey?
    package var generation: UInt32
    /// Seconds since the Citrusleaf epoch at which the record expires; 0 = never.
    package var voidTime: UInt32
    package var bins: [Bin]
    /// The bins as the table holds them, when read from it: what a compare-and-set compares.
    package var storedBins: [UInt8]?

    package init(setName: String?, userKey: UserKey?, generation: UInt32, voidTime: UInt32, bins: [Bin], storedBins: [UInt8]? = nil) {
        self.setName = setName
        self.userKey = userKey
        self.generation = generation
        self.voidTime = voidTime
        self.bins = bins
        self.storedBins = storedBins
    }

    package func isExpired(now: UInt32) -> Bool {
        voidTime != 0 && voidTime <= now
    }

    package func metadata(now: UInt32) -> RecordMetadata {
        RecordMetadata(generation: generation, ttl: CitrusleafTime.ttl(voidTime: voidTime, now: now))
    }
}
