import AerospikeTestSupport
import Foundation
import Testing

/// An acknowledged write is never lost: a producer pipes increments into aerosh, which is
/// killed with SIGKILL at a random moment; every increment whose result had been printed
/// must be in the store afterwards, with the generation to match, and the store must open
/// cleanly. (On the embedded store a group's results are printed only once it is
/// committed.) 20 kills, each at another moment.
/// What a reader thread collected.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    var data: Data { lock.withLock { collected } }
    func append(_ data: Data) { lock.withLock { collected.append(data) } }
}

@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let keys = 5

    /// One run: increments of `keys` keys, written in bursts, killed `killAfter` after aerosh
    /// printed its first result (so the kill lands mid-stream however slow the machine), or
    /// after 30 s if it never does. Returns how many increments of each key aerosh printed
    /// as done, and how many it was sent.
    func killedRun(
        arguments: [String], killAfter: Duration, seed: UInt64, onFirstResult: @Sendable () -> Void = {}
    ) throws -> (acknowledged: [Int], sent: [Int]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Aerosh.binary)
        // --echo: each result follows its statement, so a printed result names its key.
        process.arguments = arguments + ["--echo"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // Its output is read as it comes: a pipe left unread fills, aerosh then blocks
        // writing it and stops reading its input, and the producer below blocks too.
        let collected = OutputCollector()
        let reader = output.fileHandleForReading
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            drained.signal()
        }
        var generator = SeededGenerator(seed: seed)
        var sent = Array(repeating: 0, count: Self.keys)
        let giveUp = ContinuousClock.now + .seconds(30)
        var deadline: ContinuousClock.Instant?
        // Bursts of 1–300 statements with short pauses, so groups end at varied moments.
        while ContinuousClock.now < (deadline ?? giveUp) {
            if deadline == nil, !collected.data.isEmpty {
                deadline = ContinuousClock.now + killAfter
                onFirstResult()
            }
            var burst = ""
            for _ in 0..<Int.random(in: 1...300, using: &generator) {
                let key = Int.random(in: 0..<Self.keys, using: &generator)
                sent[key] += 1
                burst += "INCREMENT test.crash 'k\(key)' n 1\n"
            }
            input.fileHandleForWriting.write(Data(burst.utf8))
            usleep(UInt32.random(in: 0...3000, using: &generator))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        drained.wait()
        let printed = String(decoding: collected.data, as: UTF8.self)
        var acknowledged = Array(repeating: 0, count: Self.keys)
        var lastKey: Int?
        for line in printed.split(separator: "\n") {
            if line.hasPrefix("INCREMENT test.crash 'k"), let digit = line.dropFirst("INCREMENT test.crash 'k".count).first?.wholeNumberValue {
                lastKey = digit
            } else if line.hasPrefix("OK, 1 record affected"), let key = lastKey {
                acknowledged[key] += 1
                lastKey = nil
            }
        }
        return (acknowledged, sent)
    }

    /// Each key's `n` and generation, read by a fresh process (which must open the store).
    func stored(_ target: [String]) async throws -> [(n: Int, generation: Int)?] {
        var found: [(n: Int, generation: Int)?] = Array(repeating: nil, count: Self.keys)
        for key in 0..<Self.keys {
            let run = try await Aerosh.run(target + ["-o", "json", "-c", "GET test.crash 'k\(key)'"])
            if run.status != 0 { continue }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
            let n = try #require((object["bins"] as? [String: Any])?["n"] as? Int)
            let generation = try #require((object["meta"] as? [String: Any])?["gen"] as? Int)
            found[key] = (n, generation)
        }
        return found
    }

    @Test func killedEmbeddedStoresKeepEveryAcknowledgedWrite() async throws {
        let store = try StoreFile()
        var total = (acknowledged: Array(repeating: 0, count: Self.keys), sent: Array(repeating: 0, count: Self.keys))
        var acknowledgedRuns = 0
        for round in 0..<20 {
            let killAfter = Duration.milliseconds((round * 37) % 300)
            let run = try await onOwnThread { [self] in
                try killedRun(arguments: ["--embedded", store.path], killAfter: killAfter, seed: UInt64(round))
            }
            if run.acknowledged.reduce(0, +) > 0 { acknowledgedRuns += 1 }
            for key in 0..<Self.keys {
                total.acknowledged[key] += run.acknowledged[key]
                total.sent[key] += run.sent[key]
            }
            let found = try await stored(["--embedded", store.path])
            for key in 0..<Self.keys {
                let n = found[key]?.n ?? 0
                // Every acknowledged increment is there; unacknowledged ones may be too (a
                // group committed just before the kill), but never one that was not sent.
                #expect(n >= total.acknowledged[key], "round \(round), key \(key): \(n) stored, \(total.acknowledged[key]) acknowledged")
                #expect(n <= total.sent[key], "round \(round), key \(key): \(n) stored, \(total.sent[key]) sent")
                // One increment, one generation: no write half done.
                if let record = found[key] { #expect(record.generation == record.n, "round \(round), key \(key): \(record)") }
            }
        }
        // Every kill landed mid-stream, after results had been printed.
        #expect(acknowledgedRuns == 20, "only \(acknowledgedRuns) of 20 runs printed anything before the kill")
    }

    @Test func aKilledServeKeepsEveryWriteItAcknowledged() async throws {
        var total = (acknowledged: Array(repeating: 0, count: Self.keys), sent: Array(repeating: 0, count: Self.keys))
        let store = try StoreFile(.served)
        for round in 0..<5 {
            if round > 0 { try store.restartServer() }
            let killAfter = Duration.milliseconds(100 + round * 60)
            // serve is the one killed, `killAfter` after the client printed its first result;
            // the client runs on 300 ms more, then ends too.
            let port = store.port
            let result = try await onOwnThread { [self] in
                try killedRun(
                    arguments: ["-h", "127.0.0.1:\(port)", "--timeout", "20000", "--continue-on-error"],
                    killAfter: killAfter + .milliseconds(300), seed: UInt64(100 + round),
                    onFirstResult: {
                        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(killAfter.components.attoseconds / 1_000_000_000_000_000))) {
                            store.stopServer()
                        }
                    })
            }
            store.stopServer()
            #expect(result.acknowledged.reduce(0, +) > 0, "round \(round): nothing acknowledged before serve was killed")
            for key in 0..<Self.keys {
                total.acknowledged[key] += result.acknowledged[key]
                total.sent[key] += result.sent[key]
            }
            let found = try await stored(["--embedded", store.path])
            for key in 0..<Self.keys {
                let n = found[key]?.n ?? 0
                #expect(n >= total.acknowledged[key], "round \(round), key \(key): \(n) stored, \(total.acknowledged[key]) acknowledged")
                if let record = found[key] { #expect(record.generation == record.n, "round \(round), key \(key): \(record)") }
            }
        }
        #expect(total.acknowledged.reduce(0, +) > 0)
    }
}
