import Histogram

/// The figures of a load run, and what they mean for pass or fail.
public struct LoadReport: Sendable {
    public var plan: LoadPlan
    public var tally: ConnectionTally
    /// From the first connect to the last connection's close.
    public var elapsed: Duration
    /// serve's memory and descriptors; nil when its process was not known.
    public var samples: ProcessSamples?

    public var requests: Int { tally.puts + tally.gets }

    public var requestsPerSecond: Double {
        Double(requests) / max(0.001, Double(elapsed.nanoseconds) / 1e9)
    }

    /// Latency at a percentile, in milliseconds.
    public func latencyMilliseconds(atPercentile percentile: Double) -> Double {
        Double(tally.latencies.valueAtPercentile(percentile)) / 1000
    }

    /// Descriptors serve still held after every client had closed, beyond those it held
    /// before the run (nil when not sampled or serve is gone).
    public var leakedDescriptors: Int? {
        guard let samples, let after = samples.after else { return nil }
        return max(0, after.openDescriptors - samples.before.openDescriptors)
    }

    /// What a user reads: one figure a line.
    public var text: String {
        let seconds = Double(plan.duration.nanoseconds) / 1e9
        var lines = [
            "connections  \(plan.connections) for \(format(seconds, 0)) s: \(plan.putPercent)% puts, \(100 - plan.putPercent)% gets over \(plan.keyCount) keys",
            "requests     \(requests) (\(tally.puts) puts, \(tally.gets) gets of which \(tally.getsNotFound) not found) in \(format(Double(elapsed.nanoseconds) / 1e9, 1)) s",
            "throughput   \(format(requestsPerSecond, 0)) ops/s",
            "latency      p50 \(format(latencyMilliseconds(atPercentile: 50), 3)) ms  p99 \(format(latencyMilliseconds(atPercentile: 99), 3)) ms"
                + "  p99.9 \(format(latencyMilliseconds(atPercentile: 99.9), 3)) ms  max \(format(Double(tally.latencies.max) / 1000, 3)) ms",
            "errors       \(tally.errors)" + (tally.errorSamples.isEmpty ? "" : ": " + tally.errorSamples.joined(separator: "; ")),
        ]
        if let samples {
            let after = samples.after
            lines.append("serve RSS    before \(mebibytes(samples.before.residentKiB))  warm \(samples.warmResidentKiB.map(mebibytes) ?? "-")"
                + "  peak \(mebibytes(samples.peakResidentKiB))  after \(after.map { mebibytes($0.residentKiB) } ?? "-")")
            lines.append("serve fds    before \(samples.before.openDescriptors)  peak \(samples.peakDescriptors)  after \(after.map { "\($0.openDescriptors)" } ?? "- (serve gone)")")
        }
        return lines.joined(separator: "\n")
    }

    private func mebibytes(_ kib: Int) -> String { "\(format(Double(kib) / 1024, 1)) MiB" }

    /// A fixed number of decimals, without Foundation.
    private func format(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        guard decimals > 0 else { return "\(scaled)" }
        let whole = scaled / Int64(scale), fraction = abs(scaled % Int64(scale))
        let digits = String(fraction)
        return "\(scaled < 0 && whole == 0 ? "-" : "")\(whole).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
    }
}
