import AerospikeCore
import AerospikeWire
import NIOCore
import NIOPosix
import Synchronization

/// The client core over the Aerospike wire protocol: routes each key to the node that
/// owns its partition, keeps a connection pool per node, retries on timeouts and
/// connection failures within the command's deadline, and splits batches by node.
///
/// Connecting completes a first tend before the first command, as the official clients
/// do: one seed is validated and asked for its partitions and peers in a single round
/// trip; when it does not master every partition, its peers are added in parallel, each
/// with its partition map, so even a fresh process routes every key to its master (a
/// one-node cluster costs no more than that one round trip). A background tend then
/// follows peer and partition-map changes.
public final class WireClient: AerospikeClient {
    private let group: MultiThreadedEventLoopGroup
    private let policy: ClientPolicy
    private let cluster: Mutex<ClusterState>
    private let tendTask = Mutex<Task<Void, Never>?>(nil)
    private let login: ConnectionLogin?

    struct ClusterState: Sendable {
        var nodes: [String: Node] = [:]
        var seeds: [HostAddress] = []
        var partitions = PartitionMap()
        var partitionGenerations: [String: String] = [:]
        var peersGenerations: [String: String] = [:]
        /// Tends in a row that a node did not answer; at the policy's bound it leaves the
        /// cluster (while another node remains).
        var tendFailures: [String: Int] = [:]
        var closed = false
    }

    private init(group: MultiThreadedEventLoopGroup, policy: ClientPolicy, seeds: [HostAddress], login: ConnectionLogin?) {
        self.group = group
        self.policy = policy
        self.login = login
        var state = ClusterState()
        state.seeds = seeds
        cluster = Mutex(state)
    }

    /// Connects through the first seed that answers. Fails with AEROSPIKE_ERR_CONNECTION
    /// naming the seed when none does.
    public static func connect(seeds: [HostAddress], policy: ClientPolicy = ClientPolicy()) async throws(AerospikeError) -> WireClient {
        var login: ConnectionLogin?
        if let credentials = policy.credentials { login = await ConnectionLogin.make(credentials) }
        let client = WireClient(group: MultiThreadedEventLoopGroup(numberOfThreads: 1), policy: policy, seeds: seeds, login: login)
        var failure = AerospikeError(.connectionError, message: "no seed host given")
        for seed in seeds {
            do {
                let (_, peers) = try await client.addNode(at: seed)
                await client.addPeersUntilEveryPartitionIsKnown(peers)
                client.startTending()
                return client
            } catch {
                failure = error
            }
        }
        await client.close()
        throw failure
    }

    /// The nodes known so far, by name.
    public var nodeNames: [String] { cluster.withLock { $0.nodes.keys.sorted() } }

    /// Runs info commands on one node of the cluster; the answers by command.
    public func info(_ commands: [String]) async throws(AerospikeError) -> [String: String] {
        let node = cluster.withLock { $0.nodes.values.min(by: { $0.name < $1.name }) }
        guard let node else { throw AerospikeError(.invalidNode, message: "no node of the cluster is reachable") }
        return try await node.info(commands, deadline: .now + policy.totalTimeout)
    }

    // MARK: - Cluster

    /// The first tend's second step: the seed's peers, all at once, when the seed alone
    /// does not master every partition of its namespaces. A peer that cannot be reached
    /// is left to the background tend; its keys go to the seed until then.
    private func addPeersUntilEveryPartitionIsKnown(_ peers: [PeersParser.Peer]) async {
        guard !cluster.withLock({ $0.partitions.isComplete }) else { return }
        let unknown = peers.filter { peer in cluster.withLock { $0.nodes[peer.name] == nil } }
        await withTaskGroup(of: Void.self) { group in
            for peer in unknown {
                group.addTask {
                    for address in peer.addresses {
                        if (try? await self.addNode(at: address)) != nil { return }
                    }
                }
            }
        }
    }

    /// Validates the node at `address` and learns its partitions and peers in one request.
    @discardableResult
    private func addNode(at address: HostAddress) async throws(AerospikeError) -> (Node, [PeersParser.Peer]) {
        let pool = ConnectionPool(address: address, group: group, maxConnections: policy.maxConnectionsPerNode, connectTimeout: policy.connectTimeout, login: login)
        let answers: [String: String]
        do {
            answers = try await Node.info(["node", "partition-generation", "peers-generation", "peers-clear-std", "replicas"], on: pool, deadline: .now + policy.connectTimeout + policy.totalTimeout)
        } catch {
            pool.close()
            throw error
        }
        if answers["node"]?.hasPrefix("ERROR:80") == true {
            pool.close()
            throw AerospikeError(.notAuthenticated, message: "\(address) requires a login: give a user with -U")
        }
        guard let name = answers["node"], !name.isEmpty, !name.hasPrefix("ERROR") else {
            pool.close()
            throw AerospikeError(.invalidNode, message: "\(address) did not name itself: is it an Aerospike server?")
        }
        let node = Node(name: name, address: address, pool: pool)
        let peers = answers["peers-clear-std"].flatMap(PeersParser.parse)?.peers ?? []
        let known = cluster.withLock { state -> Node? in
            if let known = state.nodes[name] { return known }
            state.nodes[name] = node
            state.partitionGenerations[name] = answers["partition-generation"]
            state.partitions.apply(replicas: answers["replicas"] ?? "", node: name)
            return nil
        }
        if let known {
            pool.close()
            return (known, peers)
        }
        return (node, peers)
    }

    private func startTending() {
        let interval = policy.tendInterval
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled, !self.cluster.withLock({ $0.closed }) else { return }
                await self.tend()
            }
        }
        tendTask.withLock { $0 = task }
    }

    /// One round: each node's generations; the partition map when it changed; peers.
    private func tend() async {
        let nodes = cluster.withLock { Array($0.nodes.values) }
        for node in nodes {
            if Task.isCancelled { return }
            let deadline = ContinuousClock.now + policy.totalTimeout
            guard let answers = try? await node.info(["node", "partition-generation", "peers-generation", "peers-clear-std"], deadline: deadline) else {
                noteTendFailure(node)
                continue
            }
            cluster.withLock { $0.tendFailures[node.name] = 0 }
            let (partitionsChanged, peersChanged) = cluster.withLock { state in
                let partitions = state.partitionGenerations[node.name] != answers["partition-generation"]
                let peers = state.peersGenerations[node.name] != answers["peers-generation"]
                state.peersGenerations[node.name] = answers["peers-generation"]
                return (partitions, peers)
            }
            if partitionsChanged, let replicas = try? await node.info(["partition-generation", "replicas"], deadline: deadline) {
                cluster.withLock { state in
                    state.partitionGenerations[node.name] = replicas["partition-generation"]
                    state.partitions.apply(replicas: replicas["replicas"] ?? "", node: node.name)
                }
            }
            if peersChanged, let peers = answers["peers-clear-std"].flatMap(PeersParser.parse) {
                for peer in peers.peers where cluster.withLock({ $0.nodes[peer.name] == nil }) {
                    for address in peer.addresses {
                        if (try? await addNode(at: address)) != nil { break }
                    }
                }
            }
        }
    }

    /// Counts a tend the node did not answer, and drops the node after several in a row;
    /// its partitions then route to the remaining nodes until the map says otherwise.
    private func noteTendFailure(_ node: Node) {
        let removed = cluster.withLock { state -> Bool in
            let failures = (state.tendFailures[node.name] ?? 0) + 1
            state.tendFailures[node.name] = failures
            guard failures >= policy.failedTendsBeforeRemoval, state.nodes.count > 1 else { return false }
            state.nodes[node.name] = nil
            state.tendFailures[node.name] = nil
            state.partitionGenerations[node.name] = nil
            state.peersGenerations[node.name] = nil
            return true
        }
        if removed { node.pool.close() }
    }

    /// The node that owns the key's partition, or any node while the map does not say.
    private func node(for key: Key) throws(AerospikeError) -> Node {
        let node: Node? = cluster.withLock { state in
            if let owner = state.partitions.owner(namespace: key.namespace, partition: key.digest.partitionID), let node = state.nodes[owner] {
                return node
            }
            return state.nodes.values.min(by: { $0.name < $1.name })
        }
        guard let node else { throw AerospikeError(.invalidNode, key: key, message: "no node of the cluster is reachable") }
        if !cluster.withLock({ $0.partitions.knows(namespace: key.namespace) }) {
            throw AerospikeError(.namespaceNotFound, key: key, message: "namespace '\(key.namespace)' is not served by the cluster")
        }
        return node
    }

    // MARK: - Commands

    /// Now in Citrusleaf seconds, to turn the void times of replies into TTLs.
    private static func now() -> UInt32 {
        CitrusleafTime.now(SystemClock())
    }

    /// Sends a single-record request to the key's node, retrying timeouts and connection
    /// failures (with fresh routing) while the deadline allows.
    private func send(_ request: WireRequest, command: CommandPolicy) async throws(AerospikeError) -> WireMessage {
        let deadline = ContinuousClock.now + (command.totalTimeout ?? policy.totalTimeout)
        let frame = request.message().frame()
        var attempt = 0
        while true {
            do throws(AerospikeError) {
                let node = try node(for: request.key)
                let reply = try await node.pool.withConnection { connection throws(AerospikeError) in
                    // The socket timeout starts once the connection is in hand: opening
                    // and logging in a fresh one must not eat a retry's allowance.
                    try await connection.request(frame, isStream: false, deadline: Self.attemptDeadline(total: deadline, socketTimeout: command.socketTimeout))
                }
                guard case .messages(let messages) = reply, let message = messages.first else {
                    throw AerospikeError(.clientError, key: request.key, message: "unexpected reply")
                }
                // The node no longer owns the partition, or the cluster is changing: the
                // next attempt routes afresh (the tend may have a new map by then).
                if message.resultCode == UInt8(ResultCode.clusterKeyMismatch.rawValue)
                    || message.resultCode == UInt8(ResultCode.partitionUnavailable.rawValue) {
                    throw AerospikeError(ResultCode(Int(message.resultCode)), key: request.key)
                }
                return message
            } catch {
                let retriable = [.timeout, .connectionError, .clusterKeyMismatch, .partitionUnavailable].contains(error.code)
                attempt += 1
                guard retriable, attempt <= command.maxRetries, ContinuousClock.now < deadline, !Task.isCancelled else {
                    var failure = error
                    failure.key = failure.key ?? request.key
                    throw failure
                }
            }
        }
    }

    /// The sooner of the command's deadline and the socket timeout from now.
    static func attemptDeadline(total: ContinuousClock.Instant, socketTimeout: Duration?) -> ContinuousClock.Instant {
        guard let socketTimeout, socketTimeout > .zero else { return total }
        return min(total, .now + socketTimeout)
    }

    /// Checks a write's reply; a refused generation is worded as the embedded store words
    /// it, from the record's generation the server sends back with the refusal.
    private static func checkWrite(_ reply: WireMessage, key: Key, policy: WritePolicy) throws(AerospikeError) {
        do {
            try WireReplyDecoding.check(reply, key: key, now: WireClient.now())
        } catch {
            var refusal = error
            if refusal.code == .generationError, let generation = refusal.metadata?.generation {
                refusal.message = policy.generation.refusal(recordGeneration: generation)
            }
            throw refusal
        }
    }

    @discardableResult
    public func put(_ key: Key, bins: [Bin], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        let reply = try await send(.operate(key, bins.map { .write($0) }, policy, respondAllOps: false), command: policy.command)
        try WireClient.checkWrite(reply, key: key, policy: policy)
        return WireReplyDecoding.metadata(reply, now: WireClient.now())
    }

    public func get(_ key: Key, bins: [String]?, policy: ReadPolicy) async throws(AerospikeError) -> Record {
        let reply = try await send(.read(key, bins: bins, policy), command: policy.command)
        try WireReplyDecoding.check(reply, key: key, now: WireClient.now())
        return Record(key: key, metadata: WireReplyDecoding.metadata(reply, now: WireClient.now()), bins: try WireReplyDecoding.bins(reply))
    }

    public func exists(_ key: Key, policy: ReadPolicy) async throws(AerospikeError) -> RecordMetadata? {
        let reply = try await send(.readHeader(key, policy), command: policy.command)
        if reply.resultCode == UInt8(ResultCode.recordNotFound.rawValue) { return nil }
        try WireReplyDecoding.check(reply, key: key, now: WireClient.now())
        return WireReplyDecoding.metadata(reply, now: WireClient.now())
    }

    public func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError) {
        let reply = try await send(.remove(key, policy), command: policy.command)
        try WireReplyDecoding.check(reply, key: key, now: WireClient.now())
    }

    public func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult {
        let reply = try await send(.operate(key, operations, policy, respondAllOps: false), command: policy.command)
        try WireClient.checkWrite(reply, key: key, policy: policy)
        return try WireReplyDecoding.operateResult(reply, key: key, requested: operations, respondAllOps: false, now: WireClient.now())
    }

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
    private func batch(_ requests: [WireRequest], command: CommandPolicy, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        let deadline = ContinuousClock.now + (command.totalTimeout ?? policy.totalTimeout)
        var byNode: [String: (node: Node, entries: [BatchEntry])] = [:]
        var unroutable: [Int: AerospikeError] = [:]
        for (index, wireRequest) in requests.enumerated() {
            do {
                let node = try self.node(for: wireRequest.key)
                byNode[node.name, default: (node, [])].entries.append(wireRequest.batchEntry(index: UInt32(index)))
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
                    message.fields = [WireField(.batchIndex, BatchIndexRequest(entries: entry.entries).encode())]
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

    private static func outcome(_ message: WireMessage, for request: WireRequest, now: UInt32) -> BatchRecord.Outcome {
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

    public func close() async {
        // Stop the tend and wait for it: it must not touch the event loops once they are
        // shut down. Closing the pools first fails any request it has in flight at once.
        let task = tendTask.withLock { task -> Task<Void, Never>? in
            task?.cancel()
            return task
        }
        let nodes = cluster.withLock { state -> [Node] in
            state.closed = true
            return Array(state.nodes.values)
        }
        nodes.forEach { $0.pool.close() }
        await task?.value
        try? await group.shutdownGracefully()
    }
}
