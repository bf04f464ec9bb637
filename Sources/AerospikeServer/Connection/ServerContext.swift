import AerospikeCore
import Logging
import Synchronization

/// What every connection of one server shares: how to answer, and the counters.
final class ServerContext: Sendable {
    let security: ServerSecurity
    let info: InfoResponder
    let processor: CommandProcessor
    let faults: ServerFaults
    let logger: Logger
    let counters: ServerCounters

    init(security: ServerSecurity, info: InfoResponder, processor: CommandProcessor, faults: ServerFaults, logger: Logger, counters: ServerCounters) {
        self.security = security
        self.info = info
        self.processor = processor
        self.faults = faults
        self.logger = logger
        self.counters = counters
    }

    func connectionOpened() { counters.connections.add(1, ordering: .relaxed) }
    func connectionClosed() { counters.connections.subtract(1, ordering: .relaxed) }
    func requestReceived() { counters.requests.add(1, ordering: .relaxed) }
    func batchReceived() { counters.batches.add(1, ordering: .relaxed) }
}

/// What `statistics` reports of one node.
final class ServerCounters: Sendable {
    let connections = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
    let batches = Atomic<Int>(0)
    /// Requests naming a key whose partition this node does not master.
    let misrouted = Atomic<Int>(0)
    private let started = ContinuousClock.now

    func statistics(clusterSize: Int) -> [(String, String)] {
        let uptime = (ContinuousClock.now - started).components.seconds
        return [
            ("cluster_size", String(clusterSize)),
            ("uptime", String(uptime)),
            ("client_connections", String(connections.load(ordering: .relaxed))),
            ("requests", String(requests.load(ordering: .relaxed))),
            ("batch_requests", String(batches.load(ordering: .relaxed))),
            ("misrouted", String(misrouted.load(ordering: .relaxed))),
        ]
    }
}
