import Synchronization

/// Group commit: single-record writes that arrive while others are being written wait,
/// then go together in one transaction, so many concurrent clients (`aerosh serve`) pay
/// a transaction's round trips to the thread pool once per group, not once per write.
///
/// The first writer to find the group idle leads: it runs groups until none is waiting.
final class WriteGroup<Request: Sendable>: Sendable {
    /// At most this many writes go in one transaction.
    static var maxGroup: Int { 256 }

    private struct State {
        var waiting: [Request] = []
        var running = false
    }

    private let state = Mutex(State())

    /// Queues `request`; if no group is running, starts running them with `run`, which
    /// must answer every request it is given.
    func submit(_ request: Request, run: @escaping @Sendable ([Request]) async -> Void) {
        let lead = state.withLock { state -> Bool in
            state.waiting.append(request)
            if state.running { return false }
            state.running = true
            return true
        }
        guard lead else { return }
        // Not the submitter's task: a write, once queued, is not undone by its caller's
        // cancellation, and the group it joins belongs to nobody in particular.
        Task {
            while true {
                let group = state.withLock { state -> [Request] in
                    let group = Array(state.waiting.prefix(Self.maxGroup))
                    state.waiting.removeFirst(group.count)
                    if group.isEmpty { state.running = false }
                    return group
                }
                if group.isEmpty { return }
                await run(group)
            }
        }
    }
}
