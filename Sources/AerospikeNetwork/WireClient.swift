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
    let events = ClientEventLoop()
    let policy: ClientPolicy
    let cluster: Mutex<ClusterState>
    let tendTask = Mutex<Task<Void, Never>?>(nil)
    /// Its event loop (the group has one thread) as a task executor.
    let loopExecutor: EventLoopTaskExecutor
    let login: ConnectionLogin?
    /// Every node's connections speak TLS with this, when the policy asks for TLS.
    let tls: TLSClientContext?

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

    private init(policy: ClientPolicy, seeds: [HostAddress], login: ConnectionLogin?, tls: TLSClientContext?) {
        self.policy = policy
        self.loopExecutor = EventLoopTaskExecutor(events)
        self.login = login
        self.tls = tls
        var state = ClusterState()
        state.seeds = seeds
        cluster = Mutex(state)
    }

    /// Connects through the first seed that answers. Fails with AEROSPIKE_ERR_CONNECTION
    /// naming the seed when none does, or the TLS files when they cannot be used.
    public static func connect(seeds: [HostAddress], policy: ClientPolicy = ClientPolicy()) async throws(AerospikeError) -> WireClient {
        var tls: TLSClientContext?
        if let tlsPolicy = policy.tls { tls = try TLSClientContext(tlsPolicy) }
        var login: ConnectionLogin?
        if let credentials = policy.credentials { login = await ConnectionLogin.make(credentials) }
        let client = WireClient(policy: policy, seeds: seeds, login: login, tls: tls)
        var failure = AerospikeError(.connectionError, message: "no seed host given")
        for seed in seeds {
            do {
                let (_, peers) = try await client.addNode(at: seed, fromCaller: true)
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

    // MARK: - Commands

    /// Now in Citrusleaf seconds, to turn the void times of replies into TTLs.
    static func now() -> UInt32 {
        CitrusleafTime.now(SystemClock())
    }

    /// Sends a single-record request to the key's node, retrying timeouts and connection
    /// failures (with fresh routing) while the deadline allows.
    func send(_ request: WireRequest, command: CommandPolicy) async throws(AerospikeError) -> WireMessage {
        let deadline = ContinuousClock.now + (command.totalTimeout ?? policy.totalTimeout)
        let frame = request.message().frame()
        var attempt = 0
        // A write whose request went out and whose answer never came may have been applied.
        var inDoubt = false
        // One attempt on a connection of `pool`: the node's blocking pool for a caller that
        // may block (`runSequentially`), else its event-loop pool.
        func exchange(on pool: ConnectionPool<some PooledConnection>) async throws(AerospikeError) -> ServerReply {
            try await pool.withConnection { connection throws(AerospikeError) in
                inDoubt = inDoubt || request.isWrite
                // The socket timeout starts once the connection is in hand: opening and
                // logging in a fresh one must not eat a retry's allowance.
                return try await connection.exchange(frame, deadline: Self.attemptDeadline(total: deadline, socketTimeout: command.socketTimeout))
            }
        }
        while true {
            do throws(AerospikeError) {
                let node = try node(for: request.key)
                let reply: ServerReply
                if BlockingCalls.allowed, let blockingPool = node.blockingPool {
                    reply = try await exchange(on: blockingPool)
                } else {
                    reply = try await exchange(on: node.pool)
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
                    // Said as the official clients' inDoubt flag says it: no answer is not
                    // a refusal.
                    if inDoubt, [.timeout, .connectionError, .clientError, .clientAbort].contains(error.code) {
                        failure.message = (failure.message.map { $0 + "; " } ?? "") + "the write may have been applied"
                    }
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
    static func checkWrite(_ reply: WireMessage, key: Key, policy: WritePolicy) throws(AerospikeError) {
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

    /// The event loop's thread: every connection of this client lives on it (its group
    /// has one thread), so a statement run there crosses no thread to send or be woken.
    public var preferredTaskExecutor: (any TaskExecutor)? { loopExecutor }

    /// With `ClientPolicy.callsBlockCaller` (and clear TCP), the single-record commands of
    /// `work` read and write their sockets on the calling thread (`BlockingConnection`):
    /// no event loop, task switch or wake-up between the statement and its reply. Else
    /// `work` runs on the event loop's thread, as any statement does.
    public func runSequentially<T, Failure: Error>(_ work: () async throws(Failure) -> T) async throws(Failure) -> T {
        guard blocksCaller else { return try await withTaskExecutorPreference(loopExecutor, operation: work) }
        let outcome: Result<T, Failure> = await BlockingCalls.$allowed.withValue(true) {
            do throws(Failure) {
                return .success(try await work())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Whether calls may block their caller (`ClientPolicy.callsBlockCaller`, no TLS).
    var blocksCaller: Bool { policy.callsBlockCaller && tls == nil }

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
        nodes.forEach { $0.close() }
        await task?.value
        await events.shutDown()
    }
}

/// Whether the task's single-record commands may block its thread (set only by
/// `WireClient.runSequentially`, so child tasks of concurrent work never do by accident).
enum BlockingCalls {
    @TaskLocal static var allowed = false
}
