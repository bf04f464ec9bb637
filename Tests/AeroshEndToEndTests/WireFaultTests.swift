import AerospikeTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Faults on the wire as a user meets them: a fresh `aerosh` against `aerosh serve` that is
/// killed, or behind a `WireProxy` that holds, garbles or cuts its replies, or against a
/// peer that never answers. Each must end in a clear error naming the statement's line,
/// with the right exit status and in time: never a hang, a crash, or a write reported done
/// that the server did not acknowledge. Every run has a watchdog (`killAfter`) far beyond
/// the time it may take, so a hang fails the test instead of stalling the suite.
@Suite("Wire faults", .serialized)
struct WireFaultTests {
    static let watchdog = Duration.seconds(90)

    /// `count` PUTs, one a line: line n writes key 'kn' with v = n.
    static func puts(_ count: Int) throws -> String {
        try temporaryScript((1...count).map { "PUT test.faults 'k\($0)' {v: \($0)}" }.joined(separator: "\n") + "\n")
    }

    /// How many statements a run reported done.
    static func done(_ run: AeroshRun) -> Int {
        run.stdout.components(separatedBy: "OK, 1 record affected").count - 1
    }

    /// The line the first error names (`error: /path: line 4: …`).
    static func failedLine(_ run: AeroshRun) -> Int? {
        guard let range = run.stderr.range(of: "line ") else { return nil }
        return Int(run.stderr[range.upperBound...].prefix { $0.isNumber })
    }

    // MARK: - A server killed mid-script

    @Test("serve killed while a PUT waits: the PUTs before are done, the waiting one fails naming its line, none after runs")
    func serveKilledWhileAStatementWaits() async throws {
        let store = try StoreFile(.served)
        // PUTs 1–3 pass; the 4th is held at the proxy, and serve is killed while it waits.
        let proxy = try WireProxy(upstreamPort: store.port, holding: 1, after: 3)
        defer { proxy.stop() }
        let script = try Self.puts(6)
        async let running = Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "20000", "--echo", "-f", script], killAfter: Self.watchdog)
        _ = try await proxy.waitForMessages(4)
        store.stopServer()
        let run = try await running
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        #expect(Self.done(run) == 3, "\(run.stdout)")
        #expect(run.stderr.hasPrefix("error: \(script): line 4: AEROSPIKE_ERR_CONNECTION (-10): test.faults 'k4': "), "\(run.stderr)")
        // The server's end is seen at once, not at the 20-second timeout.
        #expect(run.elapsed < .seconds(15), "\(run.elapsed)")
        try store.restartServer()
        #expect(try await storedValues(store.targetArguments, set: "faults") == [1, 2, 3])
    }

    @Test("serve killed mid-stream: every PUT reported done is stored, the failing line is the next one, none after it is")
    func serveKilledMidStream() async throws {
        let store = try StoreFile(.served)
        let proxy = try WireProxy(upstreamPort: store.port, holding: 0)
        defer { proxy.stop() }
        let count = 3000
        let script = try Self.puts(count)
        async let running = Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "20000", "-f", script], killAfter: Self.watchdog)
        // Killed while requests flow: the 50th has just gone to serve.
        _ = try await proxy.waitForMessages(50)
        store.stopServer()
        let run = try await running
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        let done = Self.done(run)
        #expect(done >= 49 && done < count, "\(done) reported done")
        #expect(Self.failedLine(run) == done + 1, "\(run.stderr)")
        #expect(run.elapsed < .seconds(60), "\(run.elapsed)")
        try store.restartServer()
        let stored = try await storedValues(store.targetArguments, set: "faults")
        // Acknowledged: stored. The failing one may or may not have been applied (the
        // server died around it); nothing after it was sent.
        let acknowledged = Set((0..<done).map { $0 + 1 })
        #expect(acknowledged.isSubset(of: stored), "missing: \(acknowledged.subtracting(stored).sorted())")
        #expect(stored.subtracting(1...done + 1).isEmpty, "stored but never sent: \(stored.subtracting(1...done + 1).sorted())")
    }

    // MARK: - A reply cut short by a reset

    @Test("a connection reset mid-reply: a write fails at once saying it may have been applied; a read is retried")
    func connectionResetMidReply() async throws {
        let store = try StoreFile(.served)
        try await store.setUp("PUT test.faults 'r' {v: 7}")
        // The reply's header and four bytes of its body, then an RST.
        let cutWrite = try WireProxy(upstreamPort: store.port, holding: 1, fault: .resetReply(afterBytes: 12))
        defer { cutWrite.stop() }
        let write = try await Aerosh.run(["-h", "127.0.0.1:\(cutWrite.port)", "--timeout", "20000", "-c", "PUT test.faults 'w' {v: 1}"], killAfter: Self.watchdog)
        #expect(!write.killed && write.status == 1, "status \(write.status): \(write.stderr)")
        #expect(write.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_CONNECTION (-10): test.faults 'w': "), "\(write.stderr)")
        #expect(write.stderr.contains("reset the connection"), "\(write.stderr)")
        #expect(write.stderr.contains("may have been applied"), "\(write.stderr)")
        #expect(write.elapsed < .seconds(15), "\(write.elapsed)")
        // Writes are not retried (one attempt reached the server).
        #expect(try await cutWrite.waitForMessages(1).count == 1)

        let cutRead = try WireProxy(upstreamPort: store.port, holding: 1, fault: .resetReply(afterBytes: 12))
        defer { cutRead.stop() }
        let read = try await Aerosh.run(["-h", "127.0.0.1:\(cutRead.port)", "--timeout", "20000", "-o", "raw", "-c", "GET test.faults 'r' BINS v"], killAfter: Self.watchdog)
        #expect(!read.killed && read.status == 0 && read.stdout == "7\n", "status \(read.status): \(read.stderr)")
        #expect(try await cutRead.waitForMessages(2).map(\.held) == [true, false])
    }

    @Test("a scan whose node resets the connection mid-stream is resumed: every record once")
    func scanResetOnceIsResumed() async throws {
        let store = try StoreFile(.served)
        try await Self.fillForScans(store)
        let proxy = try WireProxy(upstreamPort: store.port, holding: 1, fault: .resetReply(afterBytes: 100_000))
        defer { proxy.stop() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "-q", "-o", "jsonl", "-c", "SELECT v FROM test.scan"], killAfter: Self.watchdog)
        #expect(!run.killed && run.status == 0, "status \(run.status): \(run.stderr)")
        let values = Self.values(run)
        #expect(values.count == Self.scanRecords && Set(values) == Set(0..<Self.scanRecords), "\(values.count) rows, \(Set(values).count) distinct")
        #expect(try await proxy.waitForMessages(2).first?.held == true)
    }

    @Test("a scan whose node resets every attempt early fails naming its line, its rows so far each once")
    func scanResetEveryTimeFails() async throws {
        let store = try StoreFile(.served)
        try await Self.fillForScans(store)
        // Each attempt resumes after the last record it delivered, so it makes progress:
        // 40 KB an attempt (a frame of serve's, about 250 records of 256 partitions) is
        // too little for the scan's six rounds to finish.
        let proxy = try WireProxy(upstreamPort: store.port, holding: 1000, fault: .resetReply(afterBytes: 40_000))
        defer { proxy.stop() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "-q", "-o", "jsonl", "-c", "SELECT v FROM test.scan"], killAfter: Self.watchdog)
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_CONNECTION (-10): "), "\(run.stderr)")
        #expect(run.stderr.contains("reset the connection"), "\(run.stderr)")
        let values = Self.values(run)
        #expect(!values.isEmpty && values.count < Self.scanRecords && Set(values).count == values.count, "\(values.count) rows, \(Set(values).count) distinct")
        #expect(run.elapsed < .seconds(60), "\(run.elapsed)")
    }

    static let scanRecords = 4000

    /// test.scan: v = 0…3999, about 100 bytes each: some 400 KB of scan reply.
    static func fillForScans(_ store: StoreFile) async throws {
        let pad = String(repeating: "p", count: 80)
        for start in stride(from: 0, to: scanRecords, by: 1000) {
            let entries = (start..<start + 1000).map { "\($0) {v: \($0), pad: '\(pad)'}" }.joined(separator: ", ")
            try await store.setUp("BATCH PUT test.scan (\(entries))")
        }
    }

    /// The `v` of each JSONL row, in order, duplicates kept.
    static func values(_ run: AeroshRun) -> [Int] {
        run.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard let row = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
            return ((row["bins"] as? [String: Any])?["v"] ?? row["v"]) as? Int
        }
    }

    // MARK: - Peers that never answer

    @Test("a peer that accepts and never answers the first tend: cannot connect, at the timeout")
    func silentAtTheFirstTend() async throws {
        let silent = try FakePeer()
        defer { silent.close() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(silent.port)", "--timeout", "1500", "-c", "GET test.faults 'k'"], killAfter: Self.watchdog)
        #expect(!run.killed && run.status == 3, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: AEROSPIKE_ERR_TIMEOUT (9): no reply from 127.0.0.1:\(silent.port) in time"), "\(run.stderr)")
        // One second to connect, then the 1.5-second timeout; room for a loaded machine.
        #expect(run.elapsed < .seconds(20), "\(run.elapsed)")
    }

    @Test("a peer that answers the first tend with something else than Aerospike: cannot connect, at once")
    func garbageAtTheFirstTend() async throws {
        let peer = try FakePeer(answer: Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
        defer { peer.close() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(peer.port)", "--timeout", "20000", "-c", "GET test.faults 'k'"], killAfter: Self.watchdog)
        #expect(!run.killed && run.status == 3, "status \(run.status): \(run.stderr)")
        #expect(run.stderr == "error: AEROSPIKE_ERR_CLIENT (-1): 127.0.0.1:\(peer.port) sent a reply that is not an Aerospike frame (it begins with byte 72, not protocol version 2)\n", "\(run.stderr)")
        #expect(run.elapsed < .seconds(15), "\(run.elapsed)")
    }

    @Test("a node that answers the tend but never a PUT: the PUT fails at its timeout, saying it may have been applied")
    func silentOnAWrite() async throws {
        let store = try StoreFile(.served)
        let proxy = try WireProxy(upstreamPort: store.port, holding: 100)
        defer { proxy.stop() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "1500", "-c", "PUT test.faults 'k' {v: 1}; PUT test.faults 'l' {v: 2}"], killAfter: Self.watchdog)
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        #expect(run.stderr == "error: line 1: AEROSPIKE_ERR_TIMEOUT (9): test.faults 'k': no reply from 127.0.0.1:\(proxy.port) in time; the write may have been applied\n", "\(run.stderr)")
        #expect(run.elapsed >= .milliseconds(1500) && run.elapsed < .seconds(20), "\(run.elapsed)")
        // One attempt (writes are not retried), and the second statement never ran.
        #expect(proxy.messages.count == 1, "\(proxy.messages)")
    }

    @Test("a node that answers the tend but never a batch: each key fails at the timeout")
    func silentOnABatch() async throws {
        let store = try StoreFile(.served)
        let proxy = try WireProxy(upstreamPort: store.port, holding: 100)
        defer { proxy.stop() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "1500", "-c", "BATCH READ test.faults ('a', 'b')"], killAfter: Self.watchdog)
        // One failing key never fails a batch statement: each key's row says what happened.
        #expect(!run.killed && run.status == 0, "status \(run.status): \(run.stderr)")
        #expect(run.stdout.components(separatedBy: "AEROSPIKE_ERR_TIMEOUT").count == 3, "\(run.stdout)")
        #expect(run.stdout.contains("2 rows: 0 found, 0 not found, 2 failed"), "\(run.stdout)")
        #expect(run.elapsed >= .milliseconds(1500) && run.elapsed < .seconds(20), "\(run.elapsed)")
    }

    @Test("a node that answers the tend but never a scan: the scan fails after the socket timeout's silence")
    func silentOnAScan() async throws {
        let store = try StoreFile(.served)
        try await store.setUp("PUT test.faults 'k1' {v: 1}")
        let proxy = try WireProxy(upstreamPort: store.port, holding: 100)
        defer { proxy.stop() }
        // A scan has no total timeout by default (it runs as long as records come); the
        // socket timeout is what bounds a silent node.
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--socket-timeout", "1500", "-c", "SELECT * FROM test.faults"], killAfter: Self.watchdog)
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_TIMEOUT (9)"), "\(run.stderr)")
        #expect(run.elapsed < .seconds(40), "\(run.elapsed)")
    }

    // MARK: - Replies that are not what was asked

    enum Garbage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case text, infoFrame, wrongVersion, hugeLength, unknownType, badMessageBody

        var testDescription: String { rawValue }

        var bytes: [UInt8] {
            switch self {
            case .text: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)
            case .infoFrame: TestConnection.frame(type: 1, body: Array("node\tBB9\n".utf8))
            case .wrongVersion: [3, 3, 0, 0, 0, 0, 0, 22] + [UInt8](repeating: 0, count: 22)
            // 2^47 bytes announced: a client that believed it would try to allocate them.
            case .hugeLength: [2, 3, 0x80, 0, 0, 0, 0, 0]
            case .unknownType: TestConnection.frame(type: 9, body: [1, 2, 3])
            // A header size of 255 in a 10-byte message.
            case .badMessageBody: TestConnection.frame(type: 3, body: [UInt8](repeating: 0xFF, count: 10))
            }
        }

        /// What the error must say.
        var explanation: String {
            switch self {
            case .text, .wrongVersion: "is not an Aerospike frame"
            case .infoFrame: "answered with an info frame"
            case .hugeLength: "more than the 128 MiB"
            case .unknownType: "a frame of type 9"
            case .badMessageBody: "a malformed reply"
            }
        }
    }

    @Test("a reply that is garbage or the wrong kind of frame: a clear client error, at once", arguments: Garbage.allCases)
    func garbageReply(_ garbage: Garbage) async throws {
        let store = try StoreFile(.served)
        let proxy = try WireProxy(upstreamPort: store.port, holding: 100, fault: .answer(garbage.bytes))
        defer { proxy.stop() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "20000", "-c", "GET test.faults 'k'"], killAfter: Self.watchdog)
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_CLIENT (-1): test.faults 'k': 127.0.0.1:\(proxy.port) "), "\(run.stderr)")
        #expect(run.stderr.contains(garbage.explanation), "\(run.stderr)")
        // Not retried: a peer that speaks another protocol will not say better next time.
        #expect(proxy.messages.count == 1, "\(proxy.messages)")
        #expect(run.elapsed < .seconds(15), "\(run.elapsed)")
    }
}

/// The `v` of every record of test.`set`, read by a fresh process, which must be able to.
func storedValues(_ target: [String], set: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Set<Int> {
    let run = try await Aerosh.run(target + ["-q", "-o", "jsonl", "-c", "SELECT v FROM test.\(set)"], killAfter: .seconds(90))
    try #require(run.status == 0, "test.\(set) cannot be read: \(run.stderr)", sourceLocation: sourceLocation)
    return Set(WireFaultTests.values(run))
}

/// A loopback port that accepts connections and never answers (the kernel completes them
/// into the backlog; nothing reads them): a peer that hangs from the first byte. Or, with
/// `answer`, one that reads what comes on each connection, sends those bytes back and
/// closes it: a peer that is not an Aerospike server.
final class FakePeer: Sendable {
    let port: Int
    private let descriptor: Int32
    /// Whether a thread accepts on the listener: then that thread is the one to close it.
    private let accepting: Bool

    init(answer: [UInt8]? = nil) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0, listen(descriptor, 64) == 0,
              withUnsafeMutablePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }) == 0
        else {
            Glibc.close(descriptor)
            throw FixtureFailure("cannot listen: errno \(errno)")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        accepting = answer != nil
        guard let answer else { return }
        try startThread {
            // Ends when close() shuts the listener down.
            while true {
                let connection = accept(descriptor, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    Glibc.close(descriptor)
                    return
                }
                var request = [UInt8](repeating: 0, count: 4096)
                _ = request.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                _ = answer.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                Glibc.close(connection)
            }
        }
    }

    func close() {
        if accepting {
            shutdown(descriptor, Int32(SHUT_RDWR))
        } else {
            Glibc.close(descriptor)
        }
    }
}
