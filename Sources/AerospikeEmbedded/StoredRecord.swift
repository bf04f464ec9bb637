import AerospikeCore

/// A record as the store keeps it: the row behind one (namespace, digest).
struct StoredRecord: Sendable, Hashable {
    var setName: String?
    /// Kept only when a write asked for SEND KEY.
    var userKey: UserKey?
    var generation: UInt32
    /// Seconds since the Citrusleaf epoch at which the record expires; 0 = never.
    var voidTime: UInt32
    var bins: [Bin]
    /// The bins as the table holds them, when read from it: what a compare-and-set compares.
    var storedBins: [UInt8]? = nil

    func isExpired(now: UInt32) -> Bool {
        voidTime != 0 && voidTime <= now
    }

    func metadata(now: UInt32) -> RecordMetadata {
        RecordMetadata(generation: generation, ttl: StoredRecord.ttl(voidTime: voidTime, now: now))
    }

    static func ttl(voidTime: UInt32, now: UInt32) -> RecordTTL {
        if voidTime == 0 { return .never }
        // Clients clamp to at least one second, as the official ones do.
        return .seconds(voidTime > now ? voidTime - now : 1)
    }
}
