import AerospikeCore
import AerospikeWire
import NIOCore
import Synchronization

extension WireClient {
    // MARK: - Cluster

    /// The info command that lists a node's peers: their TLS addresses and names when the
    /// client speaks TLS (as the official clients ask), else their clear addresses.
    var peersCommand: String { tls == nil ? "peers-clear-std" : "peers-tls-std" }

    /// The first tend's second step: the seed's peers, all at once, when the seed alone
    /// does not master every partition of its namespaces. A peer that cannot be reached
    /// is left to the background tend; its keys go to the seed until then.
    func addPeersUntilEveryPartitionIsKnown(_ peers: [PeersParser.Peer]) async {
        guard !cluster.withLock({ $0.partitions.isComplete }) else { return }
        let unknown = peers.filter { peer in cluster.withLock { $0.nodes[peer.name] == nil } }
        await withTaskGroup(of: Void.self) { group in
            for peer in unknown {
                group.addTask { await self.addPeer(peer) }
            }
        }
    }

    /// Adds a peer through the first of its addresses that answers; one that none does
    /// is left for a later tend.
    func addPeer(_ peer: PeersParser.Peer) async {
        for address in peer.addresses {
            if (try? await addNode(at: address)) != nil { return }
        }
    }

    /// Validates the node at `address` and learns its partitions and peers in one request.
    /// `fromCaller`: the request blocks the calling thread (`BlockingConnection`) when the
    /// client may: the first tend's request to its seed, which the caller waits for anyway,
    /// and whose connection its first command then reuses. Peers, added in parallel, and
    /// later tends go through the event loop.
    @discardableResult
    func addNode(at address: HostAddress, fromCaller: Bool = false) async throws(AerospikeError) -> (Node, [PeersParser.Peer]) {
        let pool = ChannelPool(
            address: address, events: events, maxConnections: policy.maxConnectionsPerNode, connectTimeout: policy.connectTimeout, login: login, tls: tls)
        let blockingPool = blocksCaller
            ? ConnectionPool<BlockingConnection>(
                address: address, maxConnections: policy.maxConnectionsPerNode, connectTimeout: policy.connectTimeout, login: login
            ) { address, timeout throws(AerospikeError) in
                try BlockingConnection.connect(to: address, timeout: timeout)
            }
            : nil
        let closePools = {
            pool.close()
            blockingPool?.close()
        }
        let commands = ["node", "partition-generation", "peers-generation", peersCommand, "replicas"]
        let deadline = ContinuousClock.now + policy.connectTimeout + policy.totalTimeout
        let answers: [String: String]
        do throws(AerospikeError) {
            if fromCaller, let blockingPool {
                answers = try await Node.info(commands, on: blockingPool, deadline: deadline)
            } else {
                answers = try await Node.info(commands, on: pool, deadline: deadline)
            }
        } catch {
            closePools()
            throw error
        }
        if answers["node"]?.hasPrefix("ERROR:80") == true {
            closePools()
            throw AerospikeError(.notAuthenticated, message: "\(address) requires a login: give a user with -U")
        }
        guard let name = answers["node"], !name.isEmpty, !name.hasPrefix("ERROR") else {
            closePools()
            throw AerospikeError(.invalidNode, message: "\(address) did not name itself: is it an Aerospike server?")
        }
        let node = Node(name: name, address: address, pool: pool, blockingPool: blockingPool)
        let peers = answers[peersCommand].flatMap(PeersParser.parse)?.peers ?? []
        let known = cluster.withLock { state -> Node? in
            if let known = state.nodes[name] { return known }
            state.nodes[name] = node
            state.partitionGenerations[name] = answers["partition-generation"]
            state.partitions.apply(replicas: answers["replicas"] ?? "", node: name)
            return nil
        }
        if let known {
            closePools()
            return (known, peers)
        }
        return (node, peers)
    }

    func startTending() {
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
    func tend() async {
        let nodes = cluster.withLock { Array($0.nodes.values) }
        for node in nodes {
            if Task.isCancelled { return }
            let deadline = ContinuousClock.now + policy.totalTimeout
            guard let answers = try? await node.info(["node", "partition-generation", "peers-generation", peersCommand], deadline: deadline) else {
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
            if peersChanged, let peers = answers[peersCommand].flatMap(PeersParser.parse) {
                for peer in peers.peers where cluster.withLock({ $0.nodes[peer.name] == nil }) {
                    await addPeer(peer)
                }
            }
        }
    }

    /// Counts a tend the node did not answer, and drops the node after several in a row;
    /// its partitions then route to the remaining nodes until the map says otherwise.
    func noteTendFailure(_ node: Node) {
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
        if removed { node.close(because: .nodeLeft) }
    }

    /// The node that owns the key's partition, or any node while the map does not say.
    func node(for key: Key) throws(AerospikeError) -> Node {
        let node = master(namespace: key.namespace, partition: key.digest.partitionID)
        guard let node else { throw AerospikeError(.invalidNode, key: key, message: "no node of the cluster is reachable") }
        if !cluster.withLock({ $0.partitions.knows(namespace: key.namespace) }) {
            throw AerospikeError(.namespaceNotFound, key: key, message: "namespace '\(key.namespace)' is not served by the cluster")
        }
        return node
    }

    /// The node that masters a partition, or any node while the map does not say.
    func master(namespace: String, partition: Int) -> Node? {
        cluster.withLock { state in
            if let owner = state.partitions.owner(namespace: namespace, partition: partition), let node = state.nodes[owner] {
                return node
            }
            return state.nodes.values.min(by: { $0.name < $1.name })
        }
    }
}
