import NIOCore
import Synchronization

/// Keeps the frames of a scan that wait for the consumer few: when more than `high` of
/// them are waiting, the connection that sent the last one stops reading its socket (the
/// node then waits, as TCP tells it to), and once the consumer is down to `low`, every
/// paused connection reads again. Without it, a fast node and a slow terminal would pile
/// the whole scan up in memory.
final class StreamBackpressure: Sendable {
    static let high = 32
    static let low = 8

    private struct State {
        var waiting = 0
        var paused: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// A frame arrived on `channel` (called on its event loop) and waits for the consumer.
    func arrived(on channel: any Channel) {
        let pause = state.withLock { state -> Bool in
            state.waiting += 1
            guard state.waiting > StreamBackpressure.high, state.paused[ObjectIdentifier(channel)] == nil else { return false }
            state.paused[ObjectIdentifier(channel)] = channel
            return true
        }
        if pause { channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
    }

    /// The consumer has handled one frame.
    func consumed() {
        let resume = state.withLock { state -> [any Channel] in
            state.waiting -= 1
            guard state.waiting <= StreamBackpressure.low, !state.paused.isEmpty else { return [] }
            defer { state.paused = [:] }
            return Array(state.paused.values)
        }
        for channel in resume { channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
    }
}
