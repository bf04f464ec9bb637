import AerospikeTestSupport
import Foundation
import Synchronization
import Testing

/// Runs the built `aerosh` binary as a user would, capturing stdout, stderr and the exit status.
struct AeroshRun {
    var stdout: String
    var stderr: String
    var status: Int32
    /// From start to exit.
    var elapsed: Duration = .zero
    /// Killed by the run's `killAfter` watchdog: it did not end by itself.
    var killed = false
}

enum Aerosh {
    /// The binary under test: `AEROSH_BIN` if set, else the debug build of this package.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["AEROSH_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/aerosh").path
    }()

    /// Runs the binary on a thread of its own: waiting for a child process must not block
    /// the threads that run tasks, which in-process servers of other suites need.
    /// `killAfter`: a test of a hang kills a process that outlives it (SIGKILL) rather than
    /// hanging itself; the run then says `killed`.
    /// `fileSizeLimit`: the largest file the process may write, in bytes (`prlimit --fsize`,
    /// util-linux, which Debian always has): a size-limited disk without root.
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], currentDirectory: String? = nil, killAfter: Duration? = nil,
        fileSizeLimit: Int? = nil
    ) async throws -> AeroshRun {
        try await onOwnThread {
            try runBlocking(
                arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory, killAfter: killAfter,
                fileSizeLimit: fileSizeLimit)
        }
    }

    private static func runBlocking(
        _ arguments: [String], stdin: String?, environment: [String: String], currentDirectory: String?, killAfter: Duration?,
        fileSizeLimit: Int?
    ) throws -> AeroshRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
              FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else { throw CocoaError(.fileWriteUnknown) }

        let process = Process()
        if let fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--fsize=\(fileSizeLimit)", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // No configuration file of the machine or its user may change what a test sees:
        // their places point into this run's empty folder unless the test names its own.
        env["HOME"] = directory.path
        env["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        env["AEROSH_SYSTEM_CONFIG"] = directory.appendingPathComponent("astools.conf").path
        env["AEROSH_PASSWORD"] = nil
        for (name, value) in environment { env[name] = value }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let inURL = directory.appendingPathComponent("in")
            try stdin.write(to: inURL, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        }
        let started = ContinuousClock.now
        try process.run()
        // (ended, killed): the watchdog signals only a process not yet seen to end.
        let watch = Mutex((ended: false, killed: false))
        if let killAfter {
            let pid = process.processIdentifier
            let (seconds, attoseconds) = killAfter.components
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(seconds * 1000 + attoseconds / 1_000_000_000_000_000))) {
                watch.withLock { watch in
                    guard !watch.ended else { return }
                    watch.killed = true
                    kill(pid, SIGKILL)
                }
            }
        }
        process.waitUntilExit()
        let killed = watch.withLock { watch in
            watch.ended = true
            return watch.killed
        }
        let elapsed = ContinuousClock.now - started
        return AeroshRun(
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8),
            status: process.terminationStatus,
            elapsed: elapsed,
            killed: killed
        )
    }
}

/// How a test reaches its data: the embedded store directly, or `aerosh serve` on that
/// store through the wire client (`-h`). The same tests run both ways and must see the
/// same output.
enum StoreMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case embedded
    case served

    var testDescription: String { rawValue }
}

/// A fresh store file for one test; in `.served` mode, with `aerosh serve` running on it
/// on a free port until the test ends.
final class StoreFile: @unchecked Sendable {
    let path: String
    let mode: StoreMode
    private var server: Process?
    private(set) var port = 0
    /// Added to `aerosh serve`'s environment.
    private let serverEnvironment: [String: String]

    init(_ mode: StoreMode = .embedded, serverEnvironment: [String: String] = [:]) throws {
        self.mode = mode
        self.serverEnvironment = serverEnvironment
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("store.db").path
        if mode == .served { try startServer() }
    }

    deinit {
        stopServer()
    }

    /// Ends `aerosh serve` (SIGKILL: a node that dies, not one that shuts down).
    func stopServer() {
        guard let server, server.isRunning else { return }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    /// Starts `aerosh serve` again on the same file (after `stopServer`), on a new port.
    func restartServer() throws {
        stopServer()
        try startServer()
    }

    private func startServer() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Aerosh.binary)
        process.arguments = ["serve", "--data", path, "--port", "0", "--log-level", "error"]
        if !serverEnvironment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(serverEnvironment) { $1 }
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        server = process
        // The first line says where it listens: "listening on 127.0.0.1:PORT".
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: ":").last?.split(separator: "\n").first, let port = Int(portText) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "aerosh serve said: \(text)"])
        }
        self.port = port
    }

    /// How `aerosh` is pointed at this store.
    var targetArguments: [String] {
        switch mode {
        case .embedded: ["--embedded", path]
        // A debug server on a loaded two-core machine: allow it time, as CI is not a benchmark.
        case .served: ["-h", "127.0.0.1:\(port)", "--timeout", "20000"]
        }
    }

    /// `aerosh <target> -q [-o json] -c <statements>`
    func run(_ statements: String, json: Bool = false, extra: [String] = []) async throws -> AeroshRun {
        try await Aerosh.run(targetArguments + ["-q"] + (json ? ["-o", "json"] : []) + extra + ["-c", statements])
    }

    /// Runs statements a test builds on, which must succeed: a failure stops the test here,
    /// with aerosh's exit status and error, instead of surfacing later as a wrong value.
    @discardableResult
    func setUp(_ statements: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> AeroshRun {
        let run = try await run(statements)
        try #require(run.status == 0, "setup failed with status \(run.status): \(statements)\n\(run.stderr)", sourceLocation: sourceLocation)
        return run
    }

    /// Runs one statement that must print one JSON document, and parses it.
    func json(_ statement: String) async throws -> [String: Any] {
        let run = try await run(statement, json: true)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try #require(object as? [String: Any], "not an object: \(run.stdout)")
    }
}

extension Dictionary where Key == String, Value == Any {
    func object(_ name: String) -> [String: Any]? { self[name] as? [String: Any] }
}

/// Checks a TTL read back after a write that set `seconds`: it may have counted down by
/// the whole seconds elapsed since `start` (plus one for the second boundary), no more.
func expectTTL(_ ttl: Any?, wrote seconds: Int, since start: ContinuousClock.Instant, sourceLocation: SourceLocation = #_sourceLocation) {
    let elapsed = Int((ContinuousClock.now - start).components.seconds) + 1
    let value = ttl as? Int ?? -999
    #expect((seconds - elapsed)...seconds ~= value, "ttl \(value) for \(seconds) s written \(elapsed) s ago", sourceLocation: sourceLocation)
}

/// A script file with `text`, in a fresh temporary path.
func temporaryScript(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-script-\(UUID().uuidString).aql").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
