import AerospikeCore

/// How far a running scan has come: what a progress line shows.
public struct ScanProgress: Sendable, Hashable {
    /// Records received so far (counted ones too, for COUNT(*)).
    public var records: Int
    /// Partitions finished, of `partitions`.
    public var partitionsDone: Int
    public var partitions: Int

    public init(records: Int = 0, partitionsDone: Int = 0, partitions: Int = PartitionCursor.partitionCount) {
        self.records = records
        self.partitionsDone = partitionsDone
        self.partitions = partitions
    }
}

/// Scans and queries: SELECT without WHERE PK, and COUNT(*).
extension Executor {
    /// Streams the records of a scan or query (or, for COUNT(*), counts them: no bins are
    /// read), then footnotes: the index filter used, a limit that stopped it.
    func scan(
        _ query: ScanQuery, countOnly: Bool, progress: (ScanProgress) -> Void, receive: (ResultRow) -> Void
    ) async throws(AerospikeError) {
        // A count reads every record the scan would: the session's LIMIT caps what is shown.
        let maxRecords = countOnly ? nil : defaults.maxRecords(limit: query.limit)
        let request = ScanRequest(
            namespace: query.namespace, set: query.set,
            bins: countOnly ? .none : query.bins.map { .only($0) } ?? .all,
            filter: query.filter, maxRecords: maxRecords, policy: defaults.scanPolicy(query.options))
        var state = ScanProgress(partitions: request.cursors.count)
        do throws(AerospikeError) {
            try await client.scan(request) { event in
                switch event {
                case .record(let record):
                    state.records += 1
                    if !countOnly { receive(.record(record)) }
                case .partitionsDone(let done):
                    state.partitionsDone = done
                }
                progress(state)
            }
        } catch {
            throw Executor.withIndexHint(error, query: query)
        }
        if countOnly { receive(.count(state.records)) }
        if let filter = query.filter { receive(.footnote("query on bin \(filter.bin)")) }
        if let maxRecords, state.records >= maxRecords {
            let statementLimit = query.limit.map { $0 <= maxRecords } ?? false
            receive(.footnote(statementLimit ? "stopped at LIMIT \(maxRecords)" : "stopped at SET LIMIT \(maxRecords)"))
        }
    }

    /// A query on a bin without an index says how to make one.
    static func withIndexHint(_ error: AerospikeError, query: ScanQuery) -> AerospikeError {
        guard error.code == .indexNotFound, let filter = query.filter else { return error }
        var error = error
        let hint = "create one with CREATE INDEX idx_\(filter.bin) ON \(query.place) (\(filter.bin)) \(filter.indexType.rawValue)"
        error.message = (error.message ?? "no \(filter.indexType.rawValue) index on bin '\(filter.bin)' of \(query.place)") + " — " + hint
        return error
    }
}
