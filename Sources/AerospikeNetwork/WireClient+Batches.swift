import AerospikeCore
import AerospikeWire
import NIOCore
import Synchronization

extension WireClient {
    // MARK: - Batches

    public func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        switch request {
        case .read(let keys, let bins, let policy):
            try await batch(keys.map { key in
                switch bins {
                case .all: .read(key, bins: nil, policy)
                case .only(let names): .read(key, bins: names, policy)
                case .none: .readHeader(key, policy)
                }
            }, command: policy.command, receive: receive)
        case .operate(let keys, let operations, let policy):
            let hasWrite = operations.contains(where: \.isWrite)
            try await batch(keys.map { .operate($0, operations, policy, respondAllOps: hasWrite) }, command: policy.command, receive: receive)
        case .remove(let keys, let policy):
            try await batch(keys.map { .remove($0, policy) }, command: policy.command, receive: receive)
        case .write(let entries, let policy):
            try await batch(entries.map { .operate($0.key, $0.operations, policy, respondAllOps: true) }, command: policy.command, receive: receive)
        }
    }

    /// What the per-node requests of a batch report to the task merging them.
    private enum NodeEvent: Sendable {
        case messages(group: Int, [WireMessage])
        case finished(group: Int)
        case failed(group: Int, AerospikeError)
    }

    /// Groups the keys by node and sends one batch-index request per node in parallel.
    /// Records are handed on in key order as they stream in: a key's outcome waits only
    /// for the earlier keys' (on whichever node they are). A node that fails fails only
    /// its keys.
    func batch(_ requests: [WireRequest], command: CommandPolicy, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        let deadline = ContinuousClock.now + (command.totalTimeout ?? policy.totalTimeout)
        var byNode: [String: (node: Node, entries: [BatchEntry])] = [:]
        var unroutable: [Int: AerospikeError] = [:]
        var previous: (request: WireRequest, entry: BatchEntry)?
        for (index, wireRequest) in requests.enumerated() {
            do {
                let node = try self.node(for: wireRequest.key)
                let entry = wireRequest.batchEntry(index: UInt32(index), like: previous)
                previous = (wireRequest, entry)
                byNode[node.name, default: (node, [])].entries.append(entry)
            } catch {
                unroutable[index] = error
            }
        }
        let groups = Array(byNode.values)
        // Which request each key went in: an answer naming a key of another is ignored.
        var owner = [Int32](repeating: -1, count: requests.count)
        for (position, group) in groups.enumerated() {
            for entry in group.entries { owner[Int(entry.index)] = Int32(position) }
        }

        // Outcomes that arrived ahead of an earlier key's, and the next key to hand on.
        var early: [Int: BatchRecord.Outcome] = [:]
        var next = 0
        func arrived(_ index: Int, _ outcome: BatchRecord.Outcome) {
            guard index >= next, early[index] == nil else { return }
            early[index] = outcome
            while let ready = early.removeValue(forKey: next) {
                receive(BatchRecord(key: requests[next].key, outcome: ready))
                next += 1
            }
        }
        for (index, error) in unroutable { arrived(index, .failed(error.code)) }

        let (events, continuation) = AsyncStream<NodeEvent>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            for (position, entry) in groups.enumerated() {
                group.addTask {
                    var message = WireMessage(readFlags: .batch, transactionTTL: WireRequest.milliseconds(deadline - ContinuousClock.now))
                    // The policy's filter goes once, before the entries, as the official clients send it.
                    message.fields = (requests.first?.filter).map { [WireField(.filterExpression, ExpressionCodec.encode($0))] } ?? []
                    message.fields.append(WireField(.batchIndex, BatchIndexRequest(entries: entry.entries).encode()))
                    let frame = message.frame()
                    do throws(AerospikeError) {
                        // A batch streams for as long as it has records: no per-attempt
                        // (socket) deadline, only the total one.
                        _ = try await entry.node.pool.withConnection { connection throws(AerospikeError) in
                            try await connection.request(frame, isStream: true, deadline: deadline) { messages in
                                continuation.yield(.messages(group: position, messages))
                            }
                        }
                        continuation.yield(.finished(group: position))
                    } catch {
                        continuation.yield(.failed(group: position, error))
                    }
                }
            }
            var done = 0
            // No node to wait for (an empty batch, or no key routable): nothing will come.
            if groups.isEmpty { continuation.finish() }
            for await event in events {
                switch event {
                case .messages(let position, let messages):
                    let now = WireClient.now()
                    for message in messages {
                        if message.infoFlags.contains(.last) {
                            // A node that refuses or aborts the whole batch (queues full,
                            // too many requests) says so on LAST alone: its keys get that code.
                            if message.resultCode != 0 {
                                for entry in groups[position].entries { arrived(Int(entry.index), .failed(ResultCode(Int(message.resultCode)))) }
                            }
                            continue
                        }
                        let index = Int(message.transactionTTL)
                        guard index < requests.count, owner[index] == Int32(position) else { continue }
                        arrived(index, Self.outcome(message, for: requests[index], now: now))
                    }
                case .finished(let position), .failed(let position, _):
                    if case .failed(_, let error) = event {
                        for entry in groups[position].entries { arrived(Int(entry.index), .failed(error.code)) }
                    }
                    done += 1
                }
                if done == groups.count { break }
            }
            continuation.finish()
        }
        if Task.isCancelled && next < requests.count { throw AerospikeError(.clientAbort, message: "cancelled") }
        // A key the server left out of its answer.
        for index in next..<requests.count where early[index] == nil { arrived(index, .failed(.clientError)) }
    }

    static func outcome(_ message: WireMessage, for request: WireRequest, now: UInt32) -> BatchRecord.Outcome {
        let key = request.key
        if message.resultCode == UInt8(ResultCode.recordNotFound.rawValue) { return .notFound }
        guard message.resultCode == 0 else { return .failed(ResultCode(Int(message.resultCode))) }
        do {
            switch request {
            case .operate(_, let operations, _, let respondAllOps):
                let result = try WireReplyDecoding.operateResult(message, key: key, requested: operations, respondAllOps: respondAllOps, now: now)
                return .record(result.record)
            case .read, .readHeader, .remove:
                return .record(Record(key: key, metadata: WireReplyDecoding.metadata(message, now: now), bins: try WireReplyDecoding.bins(message)))
            }
        } catch {
            return .failed(error.code)
        }
    }
}
