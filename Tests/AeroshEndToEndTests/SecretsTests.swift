import AerospikeTestSupport
import Foundation
import Testing

/// A password never lingers where others can read it.
@Suite("Secrets")
struct SecretsTests {
    @Test func aPasswordOnTheCommandLineIsWarnedAboutAndHiddenFromTheProcessList() async throws {
        let run = try await Aerosh.run(["-h", "127.0.0.1:1", "-U", "ann", "-P", "s3cret-pw", "-c", "GET test.demo 'a'"])
        #expect(run.stderr.hasPrefix("warning: a password given with -P can be seen by other users of this machine"), "\(run.stderr)")
        #expect(!run.stderr.contains("s3cret-pw") && !run.stdout.contains("s3cret-pw"))
        let asked = try await Aerosh.run(["-h", "127.0.0.1:1", "-U", "ann", "-c", "GET test.demo 'a'"], environment: ["AEROSH_PASSWORD": "s3cret-pw"])
        #expect(!asked.stderr.contains("warning"), "the environment is the documented way: no warning")

        // While the process runs, /proc shows x's where the password was.
        let store = try StoreFile(.served)
        let cmdline = try await onOwnThread { () throws -> String in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Aerosh.binary)
            process.arguments = ["-h", "127.0.0.1:\(store.port)", "-U", "ann", "--password=s3cret-pw", "-q"]
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            defer {
                try? input.fileHandleForWriting.close()
                process.waitUntilExit()
            }
            // Poll until the arguments no longer show the password (bounded), while the
            // shell waits for statements on its open standard input.
            var text = ""
            for _ in 0..<200 where process.isRunning {
                let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/cmdline"))) ?? Data()
                text = String(decoding: raw.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
                if text.contains("--password=xxxxxxxxx") { break }
                usleep(20_000)
            }
            return text
        }
        #expect(cmdline.contains("--password=xxxxxxxxx"), "\(cmdline)")
        #expect(!cmdline.contains("s3cret-pw"))
    }

    /// A serve with a user, logging everything it can (trace): a client logs in and works,
    /// and neither the password nor its bcrypt hash (what a client sends, and as good as
    /// the password to the server) appears in its output or its process list.
    @Test func serveAtTraceLevelLogsNoCredentialAndHidesItsUsersPasswords() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("serve.log")
        try #require(FileManager.default.createFile(atPath: log.path, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Aerosh.binary)
        process.arguments = ["serve", "--memory", "--port", "0", "--log-level", "trace", "--user", "ann:serve-pw-77"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let firstLine = try await onOwnThread { String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) }
        let port = try #require(firstLine.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(firstLine)")
        let cmdline = String(decoding: (try Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/cmdline"))).map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        #expect(cmdline.contains("ann:xxxxxxxxxxx") && !cmdline.contains("serve-pw-77"), "\(cmdline)")

        let target = ["-h", "127.0.0.1:\(port)", "-U", "ann"]
        let work = try await Aerosh.run(target + ["-c", "PUT test.s 'k' {v: 1}; GET test.s 'k'; SHOW SETTINGS"], environment: ["AEROSH_PASSWORD": "serve-pw-77"])
        #expect(work.status == 0, "\(work.stderr)")
        let refused = try await Aerosh.run(target + ["-c", "GET test.s 'k'"], environment: ["AEROSH_PASSWORD": "wrong-pw-78"])
        #expect(refused.status != 0)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let logged = try String(contentsOf: log, encoding: .utf8) + firstLine
        #expect(logged.contains("authenticated"), "trace logging was on: \(logged)")
        for secret in ["serve-pw-77", "wrong-pw-78", "$2a$"] {
            #expect(!logged.contains(secret), "serve logged \(secret)")
            #expect(!work.stdout.contains(secret) && !work.stderr.contains(secret) && !refused.stderr.contains(secret))
        }
    }

    /// Serve binds loopback by default; asked to listen beyond it with no users, it warns.
    /// (Nothing is sent to that address: the server starts and is stopped.)
    @Test(arguments: [("0.0.0.0", true), ("127.0.0.1", false)])
    func serveWarnsWhenItListensBeyondLoopbackWithoutUsers(host: String, warns: Bool) async throws {
        let stderr = try await onOwnThread { () throws -> String in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Aerosh.binary)
            process.arguments = ["serve", "--memory", "--host", host, "--port", "0", "--log-level", "error"]
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // Ready once it says where it listens; the warning comes before that line.
            _ = output.fileHandleForReading.availableData
            // SIGKILL: threads of `onOwnThread` block signals, and a child inherits that
            // mask, so a SIGINT would never reach it.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        #expect(stderr.contains("warning: serving on \(host) without --user") == warns, "\(stderr)")
    }
}
