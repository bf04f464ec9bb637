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
