import AerospikeTestSupport
import Foundation

/// A run of the binary under test whose peak memory is known: its VmHWM (the peak resident
/// set of its own memory) read from /proc every 20 ms until it exits. Not wait4's
/// ru_maxrss: a child started by posix_spawn begins in the parent's memory (vfork), and
/// exec then counts the parent's peak, this whole test process's, as the child's. Started
/// with Foundation's Process, which closes every other descriptor in the child: NIO's
/// sockets are not close-on-exec, and a child holding another test's client sockets
/// keeps those connections open at the server until it exits. Output goes to /dev/null
/// (a script's results are not what is measured), errors to a file.
struct MeasuredRun {
    var status: Int32
    var stderr: String
    var peakResidentKiB: Int
    var elapsed: Duration

    static func run(_ arguments: [String]) async throws -> MeasuredRun {
        try await onOwnThread { try runBlocking(arguments) }
    }

    private static func runBlocking(_ arguments: [String]) throws -> MeasuredRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let errorURL = directory.appendingPathComponent("err")
        guard FileManager.default.createFile(atPath: errorURL.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Aerosh.binary)
        process.arguments = arguments
        // The environment Aerosh.run gives: no configuration of the machine or its user.
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["HOME"] = directory.path
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        environment["AEROSH_SYSTEM_CONFIG"] = directory.appendingPathComponent("astools.conf").path
        environment["AEROSH_PASSWORD"] = nil
        process.environment = environment
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = try FileHandle(forWritingTo: errorURL)

        let start = ContinuousClock.now
        try process.run()
        let pid = process.processIdentifier
        var peakKiB = 0
        while process.isRunning {
            peakKiB = max(peakKiB, highWaterKiB(pid: pid) ?? 0)
            usleep(20_000)
        }
        process.waitUntilExit()
        return MeasuredRun(
            status: process.terminationStatus, stderr: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "",
            peakResidentKiB: peakKiB, elapsed: ContinuousClock.now - start)
    }

    /// The `VmHWM:   1234 kB` line of /proc/PID/status (none once the process has exited).
    private static func highWaterKiB(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.filter(\.isNumber))
    }
}
