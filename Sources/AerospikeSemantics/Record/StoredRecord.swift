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
    /// Unix milliseconds of the last write, when read from storage (filter expressions read it).
    package var lastUpdate: UInt64?

    package init(setName: String?, userKey: UserKey?, generation: UInt32, voidTime: UInt32, bins: [Bin], lastUpdate: UInt64? = nil) {
        self.setName = setName
        self.userKey = userKey
        self.generation = generation
        self.voidTime = voidTime
        self.bins = bins
        self.lastUpdate = lastUpdate
    }

    package func isExpired(now: UInt32) -> Bool {
        voidTime != 0 && voidTime <= now
    }

    package func metadata(now: UInt32) -> RecordMetadata {
        RecordMetadata(generation: generation, ttl: CitrusleafTime.ttl(voidTime: voidTime, now: now))
    }

    /// What a filter expression sees of the record with this digest.
    package func expressionSubject(digest: Digest) -> ExpressionSubject {
        let (setName, userKey, voidTime, bins) = (setName, userKey, voidTime, bins)
        return ExpressionSubject(
            bins: bins, setName: setName, digest: digest, keyStored: userKey != nil, voidTime: voidTime, lastUpdate: lastUpdate,
            size: { RecordSize.checked(setName: setName, storedKey: userKey, expires: voidTime != 0, bins: bins) })
    }

    /// Whether the record passes the filter (no filter: it does).
    package func passes(_ filter: Expression?, digest: Digest, unixMillisecondsNow: UInt64) -> Bool {
        guard let filter else { return true }
        return ExpressionEvaluator.passes(filter, expressionSubject(digest: digest), unixMillisecondsNow: unixMillisecondsNow)
    }
}
