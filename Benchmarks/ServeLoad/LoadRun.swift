import AerospikeWire
import NIOCore
import NIOPosix

/// Runs a load plan against a server on loopback: opens every connection, lets each loop
/// until the plan's time is up, and samples the server process meanwhile (when its pid is
/// known: serve started by `MeasuredServe`).
public enum LoadRun {
    /// `eventLoopThreads`: the client's own threads (its loops, shut down at the end), so a
    /// run in a test process shares no loop with anything else there.
    public static func run(
        _ plan: LoadPlan, host: String = "127.0.0.1", port: Int, servePID: Int32?, eventLoopThreads: Int = 2
    ) async throws -> LoadReport {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: eventLoopThreads)
        do {
            let report = try await run(plan, host: host, port: port, servePID: servePID, group: group)
            try await group.shutdownGracefully()
            return report
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private static func run(
        _ plan: LoadPlan, host: String, port: Int, servePID: Int32?, group: MultiThreadedEventLoopGroup
    ) async throws -> LoadReport {
        let requests = LoadRequests(keyCount: plan.keyCount)
        // A put, then a get on each of a few connections, and the baseline once serve has
        // closed them: what serve opens on first use and keeps (SQLite's -wal file, for
        // its writer and then for each reader connection it takes turns with) is not a
        // descriptor the load left open.
        let idle = servePID.flatMap(ProcessSample.read)
        var warmed = ConnectionTally()
        for (connections, putPercent) in [(1, 100), (8, 0)] {
            let warmUp = LoadPlan(connections: connections, duration: .zero, keyCount: 1, putPercent: putPercent, replyTimeout: plan.replyTimeout)
            warmed.add(try await self.connections(warmUp, requests: LoadRequests(keyCount: 1), host: host, port: port, group: group))
        }
        guard warmed.errors == 0 else { return LoadReport(plan: plan, tally: warmed, elapsed: .zero, samples: nil) }
        var before: ProcessSample?
        if let servePID, let idle {
            before = await Sampler.settled(pid: servePID, sockets: idle.openSockets, descriptors: nil)
        }
        let sampler = servePID.flatMap { pid in before.map { Sampler(pid: pid, before: $0, plan: plan) } }
        let sampling = sampler.map { sampler in Task { await sampler.run() } }

        let clock = ContinuousClock()
        let start = clock.now
        let tally = try await connections(plan, requests: requests, host: host, port: port, group: group)
        let elapsed = clock.now - start

        sampling?.cancel()
        var samples = await sampling?.value
        if var settled = samples, let sampler {
            settled.after = await Sampler.settled(pid: sampler.pid, sockets: settled.before.openSockets, descriptors: settled.before.openDescriptors)
            samples = settled
        }
        return LoadReport(plan: plan, tally: tally, elapsed: elapsed, samples: samples)
    }

    /// Opens the plan's connections, lets each loop until the plan's time is up, and
    /// returns what they saw once every one has closed.
    private static func connections(
        _ plan: LoadPlan, requests: LoadRequests, host: String, port: Int, group: MultiThreadedEventLoopGroup
    ) async throws -> ConnectionTally {
        let stopAt = NIODeadline.now() + TimeAmount.nanoseconds(plan.duration.nanoseconds)
        var finished: [EventLoopFuture<ConnectionTally>] = []
        for index in 0..<plan.connections {
            let loop = group.next()
            let done = loop.makePromise(of: ConnectionTally.self)
            let seed = UInt64(index + 1) &* 0x2545_F491_4F6C_DD1D
            let connected = ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ProtoFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(
                            LoadConnectionHandler(requests: requests, plan: plan, stopAt: stopAt, seed: seed, done: done))
                    }
                }
                .connect(host: host, port: port)
            connected.whenFailure { error in
                var tally = ConnectionTally()
                tally.recordError("cannot connect: \(error)")
                // If the handler saw the channel go inactive first, this changes nothing.
                done.succeed(tally)
            }
            finished.append(done.futureResult)
        }
        var tally = ConnectionTally()
        for future in finished {
            tally.add(try await future.get())
        }
        return tally
    }
}

/// Samples serve's /proc entries every `plan.sampleInterval` until cancelled.
private struct Sampler: Sendable {
    let pid: Int32
    let before: ProcessSample
    let plan: LoadPlan

    func run() async -> ProcessSamples {
        var samples = ProcessSamples(before: before)
        let clock = ContinuousClock()
        let start = clock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: plan.sampleInterval)
            guard let sample = ProcessSample.read(pid: pid) else { break }
            samples.add(sample)
            if samples.warmResidentKiB == nil, clock.now - start >= plan.duration / 4 {
                samples.warmResidentKiB = sample.residentKiB
            }
        }
        return samples
    }

    /// The sample once serve holds no more sockets than `sockets` and (when given) no
    /// more descriptors than `descriptors`: it closes its side of a connection when it
    /// reads the client's close, a moment after. Whatever it holds after 5 s otherwise.
    static func settled(pid: Int32, sockets: Int, descriptors: Int?) async -> ProcessSample? {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        var sample = ProcessSample.read(pid: pid)
        while let current = sample, current.openSockets > sockets || current.openDescriptors > (descriptors ?? .max), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            sample = ProcessSample.read(pid: pid)
        }
        return sample
    }
}

extension Duration {
    /// Whole nanoseconds (enough for any run).
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
