import AerospikeCore

/// SHOW and EXPLAIN: listings read from info commands, a sample of records, or the
/// client's partition map.
extension Executor {
    /// The records SHOW BINS samples in each namespace (a server has no `bins` command).
    public static let binSampleSize = 1_000

    public static let explainColumns = ["ns", "set", "key", "key_type", "digest", "partition", "node", "address"]
    /// EXPLAIN SELECT of a scan or query: how it would read.
    public static let explainQueryColumns = ["ns", "set", "access", "index", "index_filter", "filter"]

    /// How a SELECT would read its records: a scan or a query through an index, and the
    /// filter expression sent with it; nothing is read (the index list is asked for).
    func explain(_ query: ScanQuery) async throws(AerospikeError) -> [Value] {
        let plan = try await plan(query)
        let indexFilter: Value = switch plan.index?.filter {
        case .equal(let bin, .int(let value))?: .string("\(bin) = \(value)")
        case .equal(let bin, .string(let value))?: .string("\(bin) = \(ValueLiteral.render(Value.string(value)))")
        case .range(let bin, let low, let high)?: .string("\(bin) BETWEEN \(low) AND \(high)")
        case nil: .nil
        }
        return [
            .string(query.namespace), query.set.map { .string($0) } ?? .nil, .string(plan.index == nil ? "scan" : "query"),
            plan.index.map { .string($0.name) } ?? .nil, indexFilter, plan.filter.map { .string(ExpressionText.render($0)) } ?? .nil,
        ]
    }

    public static func columns(of target: ShowTarget) -> [String] {
        switch target {
        case .namespaces: ["ns"]
        case .sets: ["ns", "set", "objects", "data_bytes"]
        case .bins: ["ns", "set", "bin", "records"]
        case .indexes: ["ns", "name", "set", "bin", "type", "state"]
        }
    }

    /// Where the key's record lives, as the client knows it; nothing is read.
    func explain(_ key: Key) -> [Value] {
        let placement = client.placement(of: key)
        let (pk, type): (Value, String) = switch key.userKey {
        case .string(let text)?: (.string(text), "string")
        case .int(let number)?: (.int(number), "integer")
        case .bytes(let bytes)?: (.bytes(bytes), "bytes")
        case nil: (.nil, "digest")
        }
        return [
            .string(key.namespace), key.set.map { .string($0) } ?? .nil, pk, .string(type), .string(key.digest.hex),
            .int(Int64(placement.partition)), placement.master.map { .string($0) } ?? .nil, placement.address.map { .string($0) } ?? .nil,
        ]
    }

    func show(_ target: ShowTarget, progress: (ScanProgress) -> Void, receive: (ResultRow) -> Void) async throws(AerospikeError) {
        switch target {
        case .namespaces:
            for namespace in try await namespaces() { receive(.values([.string(namespace)])) }
        case .sets(let namespace):
            for namespace in try await namespaces(or: namespace) {
                try await showSets(of: namespace, receive: receive)
            }
        case .indexes(let namespace, let set):
            for namespace in try await namespaces(or: namespace) {
                try await showIndexes(of: namespace, set: set, receive: receive)
            }
        case .bins(let namespace, let set):
            let namespaces = try await namespaces(or: namespace)
            var sampled = 0
            for namespace in namespaces {
                sampled += try await showBins(of: namespace, set: set, progress: progress, receive: receive)
            }
            let perNamespace = namespaces.count > 1 ? " (at most \(Executor.binSampleSize) per namespace)" : ""
            receive(.footnote("bins of a sample of \(sampled) record\(sampled == 1 ? "" : "s")\(perNamespace)"))
        }
    }

    /// The namespace named, or else every namespace.
    private func namespaces(or namespace: String?) async throws(AerospikeError) -> [String] {
        if let namespace { return [namespace] }
        return try await namespaces()
    }

    /// The namespaces of the cluster (or store), in the order a node lists them.
    func namespaces() async throws(AerospikeError) -> [String] {
        var names: [String] = []
        for reply in try await infoReplies("namespaces", on: .any) {
            for name in reply.value.split(separator: ";") where !names.contains(String(name)) { names.append(String(name)) }
        }
        return names
    }

    /// `sets/<ns>` of every node: a row per set, its objects and bytes summed over the nodes.
    private func showSets(of namespace: String, receive: (ResultRow) -> Void) async throws(AerospikeError) {
        var sets: [String: (objects: Int64, bytes: Int64)] = [:]
        for reply in try await infoReplies("sets/\(namespace)", on: .all) {
            for record in InfoText.records(reply.value) {
                guard let set = record["set"] ?? record["set_name"], (record["ns"] ?? record["ns_name"] ?? namespace) == namespace else { continue }
                let objects = Int64(record["objects"] ?? record["n_objects"] ?? "") ?? 0
                // 7.0 and later say data_used_bytes; older servers split memory and device.
                let bytes = Int64(record["data_used_bytes"] ?? "")
                    ?? (Int64(record["memory_data_bytes"] ?? "") ?? 0) + (Int64(record["device_data_bytes"] ?? "") ?? 0)
                sets[set, default: (0, 0)].objects += objects
                sets[set, default: (0, 0)].bytes += bytes
            }
        }
        for (set, totals) in sets.sorted(by: { $0.key < $1.key }) {
            receive(.values([.string(namespace), .string(set), .int(totals.objects), .int(totals.bytes)]))
        }
    }

    /// `sindex-list:ns=<ns>` of every node, each index once.
    private func showIndexes(of namespace: String, set wanted: String?, receive: (ResultRow) -> Void) async throws(AerospikeError) {
        var indexes: [String: ListedIndex] = [:]
        for reply in try await infoReplies("sindex-list:ns=\(namespace)", on: .all) {
            for index in ListedIndex.all(in: reply.value, namespace: namespace) where indexes[index.name] == nil {
                indexes[index.name] = index
            }
        }
        for (name, index) in indexes.sorted(by: { $0.key < $1.key }) {
            if let wanted, index.set != wanted { continue }
            receive(.values([
                .string(index.namespace), .string(name), index.set.map { .string($0) } ?? .nil,
                .string(index.bin ?? ""), .string(index.type ?? ""), .string(index.state ?? ""),
            ]))
        }
    }

    /// The distinct bin names of up to `binSampleSize` records, each with how many of
    /// them carry it; returns how many records were sampled.
    private func showBins(
        of namespace: String, set: String?, progress: (ScanProgress) -> Void, receive: (ResultRow) -> Void
    ) async throws(AerospikeError) -> Int {
        let request = ScanRequest(namespace: namespace, set: set, maxRecords: Executor.binSampleSize, policy: defaults.scanPolicy(StatementOptions()))
        var counts: [BinOfSet: Int] = [:]
        var state = ScanProgress(partitions: request.cursors.count)
        try await client.scan(request) { event in
            switch event {
            case .record(let record):
                state.records += 1
                for bin in record.bins { counts[BinOfSet(set: record.key.set, bin: bin.name), default: 0] += 1 }
            case .partitionsDone(let done):
                state.partitionsDone = done
            }
            progress(state)
        }
        for (entry, count) in counts.sorted(by: { $0.key < $1.key }) {
            receive(.values([.string(namespace), entry.set.map { .string($0) } ?? .nil, .string(entry.bin), .int(Int64(count))]))
        }
        return state.records
    }

    /// Info replies, or the error one of them reports (`ERROR:20:namespace not found`).
    private func infoReplies(_ command: String, on target: InfoTarget) async throws(AerospikeError) -> [InfoReply] {
        let replies = try await client.info(command, on: target)
        for reply in replies {
            if let failure = InfoText.failure(reply.value) {
                let code = failure.code == 0 ? ResultCode.serverError : ResultCode(failure.code)
                throw AerospikeError(code, message: "\(command) on \(reply.node): \(failure.message)")
            }
        }
        return replies
    }
}

/// A bin name within a set (nil: records of no set), ordered by set then name.
private struct BinOfSet: Hashable, Comparable {
    var set: String?
    var bin: String

    static func < (lhs: BinOfSet, rhs: BinOfSet) -> Bool {
        (lhs.set ?? "", lhs.bin) < (rhs.set ?? "", rhs.bin)
    }
}
