import Histogram

/// What one connection saw: its latencies and how its requests ended. Kept by the
/// connection alone (on its event loop) and merged once the run is over.
public struct ConnectionTally: Sendable {
    /// Request-to-reply times in microseconds; up to a minute is tracked at three
    /// significant digits (a reply later than the run's timeout is an error anyway).
    public var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    public var puts = 0
    public var gets = 0
    /// Gets of a key no put had reached yet (KEY_NOT_FOUND): an answer, not an error.
    public var getsNotFound = 0
    /// Every request without a good answer, and every connection lost or refused, each
    /// with what went wrong (the first few kept, to print).
    public var errors = 0
    public var errorSamples: [String] = []

    public init() {}

    mutating func recordError(_ description: String) {
        errors += 1
        if errorSamples.count < 5 { errorSamples.append(description) }
    }

    mutating func add(_ other: ConnectionTally) {
        latencies.add(other.latencies)
        puts += other.puts
        gets += other.gets
        getsNotFound += other.getsNotFound
        errors += other.errors
        for sample in other.errorSamples where errorSamples.count < 5 { errorSamples.append(sample) }
    }
}
