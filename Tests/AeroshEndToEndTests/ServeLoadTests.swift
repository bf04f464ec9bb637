import AerospikeTestSupport
import ServeLoad
import Testing

/// `make soak`'s load, short: 200 connections of mixed puts and gets against a fresh
/// `aerosh serve --memory` (the built binary) for 5 s. Any error fails it, and so does a
/// descriptor serve still holds after the clients closed, or memory beyond the bound.
@Suite("aerosh serve under load")
struct ServeLoadTests {
    /// How far serve's resident memory may grow over the run. What it holds at the peak:
    /// 2,000 records of about 150 bytes in SQLite's in-memory pages (well under 1 MiB);
    /// 200 connections, each with NIO's receive buffer (at most 64 KiB, the reply to a get
    /// is under 200 bytes, so in practice one small allocation) and a channel pipeline of
    /// a few KiB: under 15 MiB even at the largest buffer each; and malloc's per-thread
    /// arenas for the event loop threads. Measured: 2 to 4 MiB. The run is short, so the
    /// bound catches only a leak of some 10 KiB a request against the debug binary (2,000
    /// to 10,000 requests in 5 s on a loaded machine) or 1 KiB against the release one
    /// (some 50,000): a smaller one is for `make soak`'s 60 s, where RSS stays flat from
    /// the first quarter on (README, Reliability).
    static let residentGrowthBoundKiB = 48 * 1024

    @Test("200 connections of puts and gets for 5 s: no error, descriptors back, memory bounded")
    func twoHundredConnections() async throws {
        let serve = try await onOwnThread { try MeasuredServe(binary: Aerosh.binary, arguments: ["--memory"]) }
        // A debug serve on two cores shared with other suites: allow replies time.
        let plan = LoadPlan(connections: 200, duration: .seconds(5), keyCount: 2000, replyTimeout: .seconds(30))
        let report = try await LoadRun.run(plan, port: serve.port, servePID: serve.pid)
        let status = try await onOwnThread { serve.stop() }
        print(report.text)

        #expect(report.tally.errors == 0, "\(report.tally.errorSamples)")
        #expect(report.requests >= plan.connections, "every connection answered at least once")
        let samples = try #require(report.samples)
        // All 200 were open at once: serve held a descriptor for each.
        #expect(samples.peakDescriptors >= samples.before.openDescriptors + plan.connections, "\(report.text)")
        #expect(report.leakedDescriptors == 0, "\(report.text)")
        #expect(samples.peakResidentKiB - samples.before.residentKiB <= Self.residentGrowthBoundKiB, "\(report.text)")
        #expect(status == 0, "serve stops cleanly on SIGTERM after the load")
    }
}
