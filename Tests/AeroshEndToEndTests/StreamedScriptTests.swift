import AerospikeTestSupport
import Foundation
import Testing

/// A script from a pipe or `-f` runs as it is read.
@Suite("Streamed scripts")
struct StreamedScriptTests {
    @Test func aPipedStatementRunsBeforeTheProducerWritesTheNext() async throws {
        let store = try StoreFile()
        #expect(try await store.run("PUT test.demo 'x' {v: 7}").status == 0)
        let answer = try await onOwnThread { () throws -> (first: String, rest: String, status: Int32) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Aerosh.binary)
            process.arguments = ["--embedded", store.path, "-q", "-o", "raw"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            // A run that waits for the whole input would hang the test: end it after a while,
            // so the test fails instead.
            // SIGKILL: threads of `onOwnThread` block signals, and a child inherits that mask.
            let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
            defer { watchdog.cancel() }
            input.fileHandleForWriting.write(Data("GET test.demo 'x'\n".utf8))
            // The producer waits for the first answer before it writes anything more: the
            // run would hang here if aerosh read the whole input before running.
            var first = Data()
            while !first.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                first.append(chunk)
            }
            input.fileHandleForWriting.write(Data("PUT test.demo 'x' {v: 8}\nGET test.demo 'x'\n".utf8))
            try input.fileHandleForWriting.close()
            let rest = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (String(decoding: first, as: UTF8.self), String(decoding: rest, as: UTF8.self), process.terminationStatus)
        }
        #expect(answer.first == "7\n")
        #expect(answer.rest == "8\n")
        #expect(answer.status == 0)
    }

    @Test(arguments: ["stdin", "file"])
    func aSyntaxErrorStopsTheRunThereAndSaysWhatRan(input: String) async throws {
        let store = try StoreFile()
        let script = "PUT test.demo 'a' {v: 1}\n-- a comment\nPUT test.demo 'b' {\n  v: 2}\nGTE test.demo 'a'\nPUT test.demo 'c' {v: 3}\n"
        let run: AeroshRun
        if input == "file" {
            let path = try temporaryScript(script)
            run = try await Aerosh.run(["--embedded", store.path, "-q", "-f", path])
            #expect(run.stderr.hasPrefix("error: \(path): line 5, column 1: unknown statement 'GTE'; did you mean GET?"), "\(run.stderr)")
        } else {
            run = try await Aerosh.run(["--embedded", store.path, "-q"], stdin: script)
            #expect(run.stderr.hasPrefix("error: line 5, column 1: unknown statement 'GTE'; did you mean GET?"), "\(run.stderr)")
        }
        #expect(run.status == 2)
        #expect(run.stderr.hasSuffix("1 syntax error; the 2 statements before line 5 ran\n"), "\(run.stderr)")
        let after = try await store.run("EXISTS test.demo 'a'; EXISTS test.demo 'b'; EXISTS test.demo 'c'", extra: ["-o", "raw"])
        #expect(after.stdout == "true\ntrue\nfalse\n")
    }

    @Test func failuresInAStreamedScriptAreSummarisedWithTheirLines() async throws {
        let store = try StoreFile()
        let run = try await Aerosh.run(["--embedded", store.path, "-q", "--continue-on-error"], stdin: "GET test.demo 'no1'\n\nPUT test.demo 'y' {\n  v: 1}\nGET test.demo 'no2'\n")
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("2 of 3 statements failed (lines 1, 5)\n"), "\(run.stderr)")
    }
}
