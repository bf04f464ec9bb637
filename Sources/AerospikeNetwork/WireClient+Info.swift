import AerospikeCore
import AerospikeWire
import Synchronization

/// Info commands, and what is done through them: secondary indexes and truncation, as the
/// official clients do it (one node takes the command; the cluster spreads it).
extension WireClient {
    public func info(_ command: String, on target: InfoTarget) async throws(AerospikeError) -> [InfoReply] {
        let nodes = try self.nodes(target)
        let deadline = ContinuousClock.now + policy.totalTimeout
        var replies: [InfoReply] = []
        // Few nodes, small replies: one after another keeps the order by node name.
        for node in nodes {
            let answers = try await node.info([command], deadline: deadline)
            replies.append(InfoReply(node: node.name, value: answers[command] ?? answers.values.first ?? ""))
        }
        return replies
    }

    /// The nodes an info target names, by name.
    func nodes(_ target: InfoTarget) throws(AerospikeError) -> [Node] {
        let all = cluster.withLock { Array($0.nodes.values) }.sorted { $0.name < $1.name }
        switch target {
        case .any:
            guard let first = all.first else { throw AerospikeError(.invalidNode, message: "no node of the cluster is reachable") }
            return [first]
        case .all:
            guard !all.isEmpty else { throw AerospikeError(.invalidNode, message: "no node of the cluster is reachable") }
            return all
        case .node(let name):
            let found = all.filter { $0.name.lowercased() == name.lowercased() || "\($0.address)" == name }
            guard !found.isEmpty else {
                throw AerospikeError(.invalidNode, message: "no node named or at '\(name)' (nodes: \(all.map(\.name).joined(separator: ", ")))")
            }
            return found
        }
    }

    /// One node's answer to a command that changes the cluster; an `ERROR:` or `FAIL:`
    /// answer becomes the error it names.
    func command(_ text: String) async throws(AerospikeError) {
        guard let reply = try await info(text, on: .any).first else { return }
        if let failure = InfoText.failure(reply.value) {
            throw AerospikeError(ResultCode(failure.code == 0 ? ResultCode.serverError.rawValue : failure.code), message: failure.message)
        }
    }

    public func createIndex(_ index: IndexDefinition) async throws(AerospikeError) {
        var text = "sindex-create:namespace=\(index.namespace)"
        if let set = index.set { text += ";set=\(set)" }
        text += ";indexname=\(index.name);bin=\(index.bin);type=\(index.type.rawValue)"
        try await command(text)
        // Ready when every node has filled it from the records it holds.
        let deadline = ContinuousClock.now + policy.totalTimeout * 10
        while ContinuousClock.now < deadline {
            let replies = try await info("sindex-stat:namespace=\(index.namespace);indexname=\(index.name)", on: .all)
            let ready = replies.allSatisfy { reply in
                InfoText.pairs(reply.value, separator: ";").first { $0.0 == "load_pct" }?.1 == "100"
            }
            if ready { return }
            try? await Task.sleep(for: .milliseconds(50))
            if Task.isCancelled { throw AerospikeError(.clientAbort, message: "cancelled") }
        }
        throw AerospikeError(.timeout, message: "index \(index.name) was created but is still being filled")
    }

    public func dropIndex(namespace: String, name: String) async throws(AerospikeError) {
        try await command("sindex-delete:namespace=\(namespace);indexname=\(name)")
    }

    public func truncate(namespace: String, set: String?, before: UInt64?) async throws(AerospikeError) {
        var text = set.map { "truncate:namespace=\(namespace);set=\($0)" } ?? "truncate-namespace:namespace=\(namespace)"
        // The clients send the time in nanoseconds since the Unix epoch.
        if let before { text += ";lut=\(before * 1_000_000_000)" }
        try await command(text)
    }

    public func placement(of key: Key) -> KeyPlacement {
        let partition = key.digest.partitionID
        let node = cluster.withLock { state -> Node? in
            state.partitions.owner(namespace: key.namespace, partition: partition).flatMap { state.nodes[$0] }
        }
        return KeyPlacement(partition: partition, master: node?.name, address: node.map { "\($0.address)" })
    }
}
