import AerospikeTestSupport
import Foundation
import Testing

/// The command-line options and `aerosh serve` behaviours the other suites never pass or
/// reach, each run as a user runs it: the built binary as a fresh process.
@Suite("Command line end to end")
struct CommandLineTests {
    // MARK: - Reaching a cluster: -p, several -h, the default target

    @Test("-p gives the port of a seed named without one")
    func portOptionAppliesToSeedsWithoutAPort() async throws {
        let store = try StoreFile(.served)
        let put = try await Aerosh.run(["-h", "127.0.0.1", "-p", "\(store.port)", "--timeout", "20000", "-q", "-c", "PUT test.demo 'p' {v: 41}"])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(try await store.run("GET test.demo 'p' BINS v", extra: ["-o", "raw"]).stdout == "41\n")
        // An explicit port in -h wins over -p.
        let explicit = try await Aerosh.run(["-h", "127.0.0.1:\(store.port)", "-p", "\(try closedPort())", "-o", "raw", "-c", "GET test.demo 'p' BINS v"])
        #expect(explicit.stdout == "41\n", "\(explicit.stderr)")
        // The control: -p pointing elsewhere is where aerosh goes.
        let closed = try closedPort()
        let elsewhere = try await Aerosh.run(["-h", "127.0.0.1", "-p", "\(closed)", "-c", "GET test.demo 'p'"])
        #expect(elsewhere.status == 3)
        #expect(elsewhere.stderr == "error: cannot connect to 127.0.0.1:\(closed): connection refused\n")
    }

    @Test("several -h: one seed that answers is enough, whichever place it has")
    func severalSeeds() async throws {
        let store = try StoreFile(.served)
        try await store.setUp("PUT test.demo 's' {v: 7}")
        let dead = try closedPort()
        for seeds in [["-h", "127.0.0.1:\(dead)", "-h", "127.0.0.1:\(store.port)"], ["-h", "127.0.0.1:\(store.port)", "-h", "127.0.0.1:\(dead)"]] {
            let run = try await Aerosh.run(seeds + ["--timeout", "20000", "-o", "raw", "-c", "GET test.demo 's' BINS v"])
            #expect(run.status == 0 && run.stdout == "7\n", "\(seeds): \(run.stderr)")
        }
        // The control: the dead seed alone cannot be reached.
        let alone = try await Aerosh.run(["-h", "127.0.0.1:\(dead)", "-c", "GET test.demo 's'"])
        #expect(alone.status == 3, "\(alone.stderr)")
    }

    @Test("with neither -h nor --embedded aerosh goes to 127.0.0.1:3000, where serve listens by default")
    func defaultTargetAndServeDefaultPort() async throws {
        guard portIsFree(3000) else {
            try Test.cancel("127.0.0.1:3000 is in use on this machine: the default target and serve's default port cannot be tested")
        }
        let server = try ServeProcess(["--memory"])
        #expect(server.ports == [3000])
        #expect(server.firstLine == "listening on 127.0.0.1:3000")
        let put = try await Aerosh.run(["-q", "-c", "PUT test.demo 'd' {v: 3000}"])
        #expect(put.status == 0, "\(put.stderr)")
        let get = try await Aerosh.run(["-o", "raw", "-c", "GET test.demo 'd' BINS v"])
        #expect(get.stdout == "3000\n", "\(get.stderr)")
        let stopped = try await server.stop()
        #expect(stopped == .exited(0))
        // The control: with nothing on 3000 any more, the same command cannot connect.
        let refused = try await Aerosh.run(["-c", "GET test.demo 'd'"])
        #expect(refused.status == 3)
        #expect(refused.stderr == "error: cannot connect to 127.0.0.1:3000: connection refused\n")
    }

    // MARK: - Timeouts over the wire

    /// A node whose reply announces a frame above the protocol's 128 MiB: the client
    /// drops the connection and says why, at once (no waiting for the bytes, no crash).
    @Test("a reply frame above the protocol limit is a clear connection error")
    func oversizedReplyFrame() async throws {
        let store = try StoreFile(.served)
        try await store.setUp("PUT test.demo 'r' {v: 5}")
        let proxy = try WireProxy(upstreamPort: store.port, holding: .max, fault: .answer([2, 3, 0x00, 0x00, 0x08, 0x00, 0x00, 0x01]))
        defer { proxy.stop() }
        // A client that waited for the announced bytes would wait out the 5-minute
        // timeout; one that gives up at the header ends long before, even when the whole
        // suite's processes share two cores (49 s seen then, 2 s alone).
        let started = ContinuousClock.now
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "300000", "-c", "GET test.demo 'r'"])
        #expect(run.status != 0 && run.status < 128, "status \(run.status)")
        #expect(run.stderr.contains("announced a reply of 134217729 bytes, more than the 128 MiB a frame may have"), "\(run.stderr)")
        #expect(ContinuousClock.now - started < .seconds(150))
    }

    @Test("--socket-timeout gives up on a silent attempt and retries while the total timeout allows")
    func socketTimeoutRetriesAHangingRead() async throws {
        let store = try StoreFile(.served)
        try await store.setUp("PUT test.demo 'r' {v: 5}")
        // The first GET to reach the proxy is held for good; the retry passes.
        let proxy = try WireProxy(upstreamPort: store.port, holding: 1)
        defer { proxy.stop() }
        let started = ContinuousClock.now
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "20000", "--socket-timeout", "500", "-o", "raw", "-c", "GET test.demo 'r' BINS v"])
        #expect(run.status == 0 && run.stdout == "5\n", "\(run.stderr)")
        #expect(ContinuousClock.now - started < .seconds(15), "the retry came only after the total timeout's 20 s")
        let messages = try await proxy.waitForMessages(2)
        #expect(messages.map(\.held) == [true, false])

        // The control: without --socket-timeout the one attempt waits out the whole timeout.
        let patient = try WireProxy(upstreamPort: store.port, holding: 1)
        defer { patient.stop() }
        let waited = ContinuousClock.now
        let failed = try await Aerosh.run(["-h", "127.0.0.1:\(patient.port)", "--timeout", "1500", "-c", "GET test.demo 'r' BINS v"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("AEROSPIKE_ERR_TIMEOUT (9)"), "\(failed.stderr)")
        #expect(ContinuousClock.now - waited >= .milliseconds(1500))
        #expect(try await patient.waitForMessages(1).map(\.held) == [true])
    }

    // MARK: - The embedded store in memory

    @Test("--embedded :memory: is a throw-away store: nothing on disk, nothing left for the next process")
    func embeddedMemory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-memory-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await Aerosh.run(["--embedded", ":memory:", "-o", "raw", "-c", "PUT test.demo 'm' {v: 1}; GET test.demo 'm' BINS v"], currentDirectory: directory)
        #expect(first.status == 0 && first.stdout == "1\n", "\(first.stderr)")
        let second = try await Aerosh.run(["--embedded", ":memory:", "-o", "raw", "-c", "EXISTS test.demo 'm'"], currentDirectory: directory)
        #expect(second.stdout == "false\n", "\(second.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [])
        // The control: a file name in the same place keeps the record for the next process.
        _ = try await Aerosh.run(["--embedded", "kept.db", "-q", "-c", "PUT test.demo 'm' {v: 1}"], currentDirectory: directory)
        #expect(try await Aerosh.run(["--embedded", "kept.db", "-o", "raw", "-c", "EXISTS test.demo 'm'"], currentDirectory: directory).stdout == "true\n")
    }

    // MARK: - Colour

    @Test("--no-color: no escape sequences on a terminal, where there are colours without it")
    func noColorOnATerminal() async throws {
        let statements = "PUT test.demo 'a' {v: 1}; GET test.demo 'a'; GET test.demo 'missing'"
        let coloured = try await Aerosh.runOnTerminal(["--embedded", ":memory:", "-c", statements])
        #expect(coloured.status == 1)
        #expect(coloured.output.contains("\u{1B}[31m"), "no red error on a colour terminal: \(coloured.output.debugDescription)")
        #expect(coloured.output.contains("AEROSPIKE_ERR_RECORD_NOT_FOUND"))
        let plain = try await Aerosh.runOnTerminal(["--embedded", ":memory:", "--no-color", "-c", statements])
        #expect(plain.status == 1)
        #expect(plain.output.contains("AEROSPIKE_ERR_RECORD_NOT_FOUND") && plain.output.contains("'a'"), "\(plain.output.debugDescription)")
        #expect(!plain.output.contains("\u{1B}"), "escape sequences with --no-color: \(plain.output.debugDescription)")
    }

    // MARK: - aerosh serve: stopping, logging, what it refuses

    @Test("serve stops on SIGINT and SIGTERM with status 0, and its data file then opens with --embedded", arguments: [SIGINT, SIGTERM])
    func serveStopsOnSignal(signal: Int32) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-signal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store.db"
        let server = try ServeProcess(["--data", path, "--port", "0"])
        let put = try await Aerosh.run(["-h", "127.0.0.1:\(server.port)", "--timeout", "20000", "-q", "-c", "BATCH PUT test.demo ('k1' {v: 1}, 'k2' {v: 2}); PUT test.demo 'k3' {v: 3}"])
        #expect(put.status == 0, "\(put.stderr)")
        let stopped = try await server.stop(with: signal)
        #expect(stopped == .exited(0), "stderr: \(server.errors)")
        let read = try await Aerosh.run(["--embedded", path, "-o", "raw", "-c", "BATCH READ test.demo ('k1', 'k2', 'k3') BINS v"])
        #expect(read.status == 0 && read.stdout == "1\n2\n3\n", "\(read.stderr)")
    }

    @Test("serve --log-level: debug shows each connection, warning hides even the start-up line")
    func serveLogLevel() async throws {
        var logs: [String: String] = [:]
        for level in ["debug", "info", "warning"] {
            let server = try ServeProcess(["--memory", "--port", "0", "--log-level", level])
            let run = try await Aerosh.run(["-h", "127.0.0.1:\(server.port)", "--timeout", "20000", "-q", "-c", "PUT test.demo 'l' {v: 1}"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try await server.stop() == .exited(0))
            logs[level] = server.errors
        }
        let debug = logs["debug"] ?? "", info = logs["info"] ?? "", warning = logs["warning"] ?? ""
        #expect(debug.contains("serving") && debug.contains("connection opened") && debug.contains("connection closed"), "\(debug)")
        #expect(info.contains("serving") && info.contains("stopped") && !info.contains("connection opened"), "\(info)")
        #expect(warning == "", "\(warning)")
    }

    @Test("serve answers a compressed message (proto type 4) AEROSPIKE_ERR_UNSUPPORTED_FEATURE, and the connection goes on")
    func serveRefusesCompressedMessages() async throws {
        let store = try StoreFile(.served)
        let connection = try TestConnection(port: store.port, timeoutSeconds: 20)
        // A zlib-compressed AS_MSG: the uncompressed size, then the stream (its content does
        // not matter: serve does not decompress).
        try await connection.send(TestConnection.frame(type: 4, body: [0, 0, 0, 0, 0, 0, 0, 30, 0x78, 0x9C, 3, 0, 0, 0, 0, 1]))
        let (header, body) = try await connection.receiveRawFrame()
        #expect(header[0] == 2 && header[1] == 3)
        #expect(body.count >= 22 && body[0] == 22)
        // Byte 5 of the AS_MSG header is the result code: 16, UNSUPPORTED_FEATURE
        // (Sources/AerospikeCore/Errors/ResultCode.swift).
        #expect(body.count > 5 && body[5] == 16, "result code \(body.count > 5 ? Int(body[5]) : -1)")
        try await connection.send(TestConnection.frame(type: 1, body: Array("edition\n".utf8)))
        #expect(String(decoding: try await connection.receiveFrame().body, as: UTF8.self) == "edition\tAerospike Community Edition\n")
    }

    // MARK: - aql's forms, executed

    @Test(arguments: StoreMode.allCases)
    func aqlSelectByDigestAndDeleteByPrimaryKey(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("INSERT INTO test.demo (PK, name, age) VALUES ('key1', 'Alice', 30); INSERT INTO test.demo (PK, name) VALUES ('key2', 'Bob')")
        // The digest of test.demo 'key1' (the seed examples print it too).
        let selected = try await store.json("SELECT name, age FROM test.demo WHERE DIGEST = 'ec91192d4b7f8ce35d5d78d34bca65cbaaaac960'")
        let bins = try #require(selected.object("bins"), "\(selected)")
        #expect(bins.count == 2 && bins["name"] as? String == "Alice" && bins["age"] as? Int == 30, "\(bins)")
        #expect(selected.object("key")?["digest"] as? String == "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960")
        let deleted = try await store.run("DELETE FROM test.demo WHERE PK = 'key1'")
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try await store.run("EXISTS test.demo 'key1'; EXISTS test.demo 'key2'", extra: ["-o", "raw"]).stdout == "false\ntrue\n")
        let gone = try await store.run("SELECT * FROM test.demo WHERE DIGEST = 'ec91192d4b7f8ce35d5d78d34bca65cbaaaac960'")
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("AEROSPIKE_ERR_RECORD_NOT_FOUND (2)"), "\(gone.stderr)")
        let again = try await store.run("DELETE FROM test.demo WHERE PK = 'key1'")
        #expect(again.status == 1)
        #expect(again.stderr == "error: line 1: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'key1'\n")
    }
}

// MARK: - Helpers

/// `aerosh serve` started as a user starts it, stopped with a signal.
final class ServeProcess: @unchecked Sendable {
    enum Ending: Equatable {
        case exited(Int32)
        case killedBy(Int32)
    }

    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let errorPath: String
    /// Its first line on standard output: "listening on HOST:PORT".
    let firstLine: String
    /// The ports its "listening on" lines name.
    let ports: [Int]
    var port: Int { ports[0] }

    init(_ arguments: [String]) throws {
        errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-serve-\(UUID().uuidString).err").path
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else { throw FixtureFailure("cannot create \(errorPath)") }
        process.executableURL = URL(fileURLWithPath: Aerosh.binary)
        process.arguments = ["serve"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        firstLine = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        ports = String(decoding: line, as: UTF8.self).split(separator: "\n").compactMap { $0.hasPrefix("listening on ") ? $0.split(separator: ":").last.flatMap { Int($0) } : nil }
        guard !ports.isEmpty else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw FixtureFailure("aerosh serve \(arguments.joined(separator: " ")) did not start: it said '\(firstLine)', stderr: \((try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")")
        }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: errorPath)
    }

    /// What it wrote on standard error.
    var errors: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` and waits for the process to end, at most `seconds`.
    func stop(with signal: Int32 = SIGINT, within seconds: Int = 20) async throws -> Ending {
        kill(process.processIdentifier, signal)
        let exited = self.exited
        let ended = try await onOwnThread { exited.wait(timeout: .now() + .seconds(seconds)) == .success }
        guard ended else {
            kill(process.processIdentifier, SIGKILL)
            throw FixtureFailure("aerosh serve was still running \(seconds) s after signal \(signal)")
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? .exited(process.terminationStatus) : .killedBy(process.terminationStatus)
    }
}

extension Aerosh {
    /// Runs the binary with standard output and error on a pseudo-terminal 80 columns
    /// wide, as at a person's colour terminal (TERM=xterm, NO_COLOR unset); returns what
    /// appeared there and the exit status.
    static func runOnTerminal(_ arguments: [String]) async throws -> (output: String, status: Int32) {
        try await onOwnThread {
            // The POSIX calls for a new pseudo-terminal, which Swift's Glibc module leaves out.
            let libc = dlopen(nil, RTLD_NOW)
            func call<T>(_ name: String, as type: T.Type) throws -> T {
                guard let symbol = dlsym(libc, name) else { throw FixtureFailure("no \(name) in the C library") }
                return unsafeBitCast(symbol, to: type)
            }
            typealias DescriptorCall = @convention(c) (Int32) -> Int32
            let openTerminal = try call("posix_openpt", as: DescriptorCall.self)
            let grant = try call("grantpt", as: DescriptorCall.self)
            let unlock = try call("unlockpt", as: DescriptorCall.self)
            let nameOf = try call("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
            let master = openTerminal(O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard master >= 0, grant(master) == 0, unlock(master) == 0, let name = nameOf(master) else {
                throw FixtureFailure("no pseudo-terminal: errno \(errno)")
            }
            defer { close(master) }
            let terminal = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard terminal >= 0 else { throw FixtureFailure("cannot open \(String(cString: name)): errno \(errno)") }
            var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(terminal, UInt(TIOCSWINSZ), &size)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = nil
            environment["TERM"] = "xterm"
            process.environment = environment
            let handle = FileHandle(fileDescriptor: terminal, closeOnDealloc: true)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
            try process.run()
            // Only the child holds the terminal now: reading ends (EIO) once it exits.
            try handle.close()
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                output.append(contentsOf: chunk[..<count])
            }
            process.waitUntilExit()
            return (String(decoding: output, as: UTF8.self), process.terminationStatus)
        }
    }
}
