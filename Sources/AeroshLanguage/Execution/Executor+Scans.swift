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
        let plan = try await self.plan(query)
        var policy = defaults.scanPolicy(query.options)
        policy.filter = plan.filter
        let request = ScanRequest(
            namespace: query.namespace, set: query.set,
            // A filter reads bins even for a count: the server evaluates it on the record.
            bins: countOnly ? .none : query.bins.map { .only($0) } ?? .all,
            filter: plan.index?.filter, maxRecords: maxRecords, policy: policy)
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
            throw Executor.withIndexHint(error, request: request)
        }
        if countOnly { receive(.count(state.records)) }
        if let (filter, name) = plan.index { receive(.footnote("query on bin \(filter.bin) (index \(name))")) }
        if plan.filter != nil { receive(.footnote(plan.index == nil ? "scan with a filter expression" : "and a filter expression")) }
        if let maxRecords, state.records >= maxRecords {
            let statementLimit = query.limit.map { $0 <= maxRecords } ?? false
            receive(.footnote(statementLimit ? "stopped at LIMIT \(maxRecords)" : "stopped at SET LIMIT \(maxRecords)"))
        }
    }

    /// How the query's WHERE is answered: which index (from the namespace's index list,
    /// asked only when some part of the condition could use one) and which filter.
    func plan(_ query: ScanQuery) async throws(AerospikeError) -> QueryPlan {
        guard let condition = query.condition else { return QueryPlan() }
        let candidates = QueryPlanner.flatten(condition).contains { QueryPlanner.equality($0) != nil || QueryPlanner.bound($0) != nil }
        guard candidates else { return QueryPlan(filter: condition) }
        return QueryPlanner.plan(condition, set: query.set, indexes: try await indexes(namespace: query.namespace))
    }

    /// The namespace's secondary indexes, from a node's `sindex-list`; none when the list
    /// cannot be had (the scan then reports what is wrong, if anything is).
    func indexes(namespace: String) async throws(AerospikeError) -> [IndexDefinition] {
        let reply: String
        do {
            reply = try await client.info("sindex-list:ns=\(namespace)", on: .any).first?.value ?? ""
        } catch where error.code != .clientAbort {
            return []
        }
        guard InfoText.failure(reply) == nil else { return [] }
        return ListedIndex.all(in: reply, namespace: namespace).compactMap(\.definition)
    }

    /// A query on a bin without an index says how to make one (an index dropped between
    /// the plan and the query).
    static func withIndexHint(_ error: AerospikeError, request: ScanRequest) -> AerospikeError {
        guard error.code == .indexNotFound, let filter = request.filter else { return error }
        var error = error
        let hint = "create one with CREATE INDEX idx_\(filter.bin) ON \(request.place) (\(filter.bin)) \(filter.indexType.rawValue)"
        error.message = (error.message ?? request.missingIndexMessage ?? "") + " — " + hint
        return error
    }
}
