import AerospikeTestSupport
import Foundation

/// A run of the binary under test whose peak memory is known: its VmHWM (the peak resident
/// set of its own memory) read from /proc every 20 ms until it exits. Not wait4's
/// ru_maxrss: posix_spawn starts the child in the parent's memory (vfork), and exec then
/// counts the parent's peak, this whole test process's, as the child's. Output goes to
/// /dev/null (a script's results are not what is measured), errors to a file.
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
        let errorPath = directory.appendingPathComponent("err").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        // The environment Aerosh.run gives: no configuration of the machine or its user.
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["HOME"] = directory.path
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        environment["AEROSH_SYSTEM_CONFIG"] = directory.appendingPathComponent("astools.conf").path
        environment["AEROSH_PASSWORD"] = nil
        let argv = ([Aerosh.binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        let start = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Aerosh.binary, &actions, nil, argv, envp)
        guard spawned == 0 else { throw FixtureFailure("cannot start \(Aerosh.binary): error \(spawned)") }
        var status: Int32 = 0
        var peakKiB = 0
        while true {
            // Read before asking whether it ended: the last reading comes from its last moments.
            peakKiB = max(peakKiB, highWaterKiB(pid: pid) ?? 0)
            let ended = waitpid(pid, &status, WNOHANG)
            if ended == pid { break }
            guard ended == 0 || errno == EINTR else { throw FixtureFailure("waitpid failed: errno \(errno)") }
            usleep(20_000)
        }
        let elapsed = ContinuousClock.now - start
        // WIFEXITED / WEXITSTATUS, which Swift does not import; a signal reads as 128 + it.
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return MeasuredRun(
            status: exitStatus, stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "",
            peakResidentKiB: peakKiB, elapsed: elapsed)
    }

    /// The `VmHWM:   1234 kB` line of /proc/PID/status.
    private static func highWaterKiB(pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.filter(\.isNumber))
    }
}
