import AerospikeCore
import AerospikeWire
import Synchronization
import NIOCore

/// Partition-based scans and queries: each node is asked, in parallel, for the partitions
/// it masters; every record's digest is remembered as its partition's resume point, so a
/// partition a node could not finish (it failed, or answered `partitionDone` with an
/// error while the cluster changed) is asked again, of its new master, after the last
/// digest delivered: no record twice, none lost.
extension WireClient {
    /// Rounds of retries for unfinished partitions before the scan gives up.
    static let scanRounds = 6

    private enum ScanNodeEvent: Sendable {
        case messages(node: Int, [WireMessage])
        case finished(node: Int)
        case failed(node: Int, AerospikeError)
    }

    public func scan(_ request: ScanRequest, receive: (ScanEvent) -> Void) async throws(AerospikeError) {
        guard cluster.withLock({ $0.partitions.knows(namespace: request.namespace) }) else {
            throw AerospikeError(.namespaceNotFound, message: "namespace '\(request.namespace)' is not served by the cluster")
        }
        let total = request.cursors.count
        var pending: [Int: PartitionCursor] = Dictionary(request.cursors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var order = request.cursors.map(\.id)
        var delivered = 0
        var lastFailure: AerospikeError?
        for round in 0..<WireClient.scanRounds {
            if round > 0 {
                // Give the tend a moment to learn the new owners.
                try? await Task.sleep(for: .milliseconds(100 * round))
            }
            if Task.isCancelled { throw AerospikeError(.clientAbort, message: "cancelled") }
            order = order.filter { pending[$0] != nil }
            var byNode: [String: (node: Node, cursors: [PartitionCursor])] = [:]
            for id in order {
                guard let cursor = pending[id], let node = master(namespace: request.namespace, partition: id) else { continue }
                byNode[node.name, default: (node, [])].cursors.append(cursor)
            }
            var groups = Array(byNode.values).sorted { $0.node.name < $1.node.name }
            guard !groups.isEmpty else { throw lastFailure ?? AerospikeError(.invalidNode, message: "no node of the cluster is reachable") }
            // A LIMIT is shared out between the nodes as the official clients do (the
            // remainder to the first ones), so together they never send more.
            var shares: [Int?] = Array(repeating: nil, count: groups.count)
            if let maxRecords = request.maxRecords {
                let left = maxRecords - delivered
                guard left > 0 else { return }
                shares = groups.indices.map { left / groups.count + ($0 < left % groups.count ? 1 : 0) }
                groups = groups.indices.filter { shares[$0] != 0 }.map { groups[$0] }
                shares = shares.filter { $0 != 0 }
            }
            let outcome = await scanRound(request, groups: groups, shares: shares, pending: &pending, delivered: &delivered, total: total, receive: receive)
            if let failure = outcome {
                lastFailure = failure
                // What another attempt cannot change.
                if [.clientAbort, .indexNotFound, .namespaceNotFound, .parameterError, .unsupportedFeature].contains(failure.code) { throw failure }
            }
            // A LIMIT is a server's to honour, node by node: one round gives what it gives.
            if pending.isEmpty || request.maxRecords != nil { return }
        }
        throw lastFailure ?? AerospikeError(.partitionUnavailable, message: "\(pending.count) partitions could not be scanned")
    }

    /// One request per node in parallel. Returns the last node failure, if any; `pending`
    /// keeps the partitions still to do, each with its last digest.
    private func scanRound(
        _ request: ScanRequest, groups: [(node: Node, cursors: [PartitionCursor])], shares: [Int?],
        pending: inout [Int: PartitionCursor], delivered: inout Int, total: Int, receive: (ScanEvent) -> Void
    ) async -> AerospikeError? {
        let deadline = request.policy.command.totalTimeout.map { ContinuousClock.now + $0 } ?? (ContinuousClock.now + .seconds(86_400 * 365))
        let socketTimeout = request.policy.command.socketTimeout ?? .seconds(30)
        let (events, continuation) = AsyncStream<ScanNodeEvent>.makeStream()
        let flow = StreamBackpressure()
        var failure: AerospikeError?
        await withTaskGroup(of: Void.self) { group in
            for (position, entry) in groups.enumerated() {
                group.addTask {
                    let message = ScanMessage.encode(
                        request, cursors: entry.cursors, maxRecords: shares[position], taskID: UInt64.random(in: 1...UInt64.max),
                        socketTimeoutMilliseconds: UInt32(clamping: socketTimeout.components.seconds * 1000 + socketTimeout.components.attoseconds / 1_000_000_000_000_000))
                    let frame = message.frame()
                    do throws(AerospikeError) {
                        _ = try await entry.node.pool.withConnection { connection throws(AerospikeError) in
                            // The socket timeout bounds each silence of the node: without it
                            // a node that stops answering would hold the scan until the
                            // deadline, which by default is a year away.
                            try await connection.request(frame, isStream: true, deadline: deadline, idleTimeout: socketTimeout) { messages in
                                flow.arrived(on: connection.channel)
                                continuation.yield(.messages(node: position, messages))
                            }
                        }
                        continuation.yield(.finished(node: position))
                    } catch {
                        continuation.yield(.failed(node: position, error))
                    }
                }
            }
            var done = 0
            var retry: Set<Int> = []
            // Nodes whose stream ended with an error: their partitions are not done.
            var refused: Set<Int> = []
            var finishedPartitions = total - pending.count
            for await event in events {
                switch event {
                case .messages(let position, let messages):
                    defer { flow.consumed() }
                    let now = WireClient.now()
                    for message in messages {
                        if message.infoFlags.contains(.partitionDone) {
                            if message.resultCode != 0 { retry.insert(Int(message.generation)) }
                            continue
                        }
                        if message.infoFlags.contains(.last) {
                            if message.resultCode != 0 {
                                refused.insert(position)
                                failure = AerospikeError(ResultCode(Int(message.resultCode)), message: Self.scanRefusal(message.resultCode, request))
                            }
                            continue
                        }
                        guard message.resultCode == 0 else { continue }
                        do throws(AerospikeError) {
                            guard let record = try ScanMessage.decodeRecord(message, now: now) else { continue }
                            let partition = record.key.digest.partitionID
                            // A record of a partition already finished (a server resending) is not delivered twice.
                            guard pending[partition] != nil else { continue }
                            // Never more than the LIMIT, whatever a server sends.
                            if let maxRecords = request.maxRecords, delivered >= maxRecords { continue }
                            pending[partition]?.after = record.key.digest
                            delivered += 1
                            receive(.record(record))
                        } catch {
                            failure = error
                        }
                    }
                case .finished(let position):
                    done += 1
                    if !refused.contains(position) {
                        for cursor in groups[position].cursors where !retry.contains(cursor.id) {
                            pending[cursor.id] = nil
                        }
                        let now = total - pending.count
                        if now != finishedPartitions {
                            finishedPartitions = now
                            receive(.partitionsDone(now))
                        }
                    }
                case .failed(_, let error):
                    done += 1
                    failure = error
                }
                if done == groups.count { break }
            }
            continuation.finish()
        }
        if Task.isCancelled { return AerospikeError(.clientAbort, message: "cancelled") }
        return failure
    }

    static func scanRefusal(_ code: UInt8, _ request: ScanRequest) -> String? {
        Int(code) == ResultCode.indexNotFound.rawValue ? request.missingIndexMessage : nil
    }
}
