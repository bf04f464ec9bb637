import AerospikeTestSupport
import Foundation
import Testing

/// A script's runs of single-record statements go to the store as groups: one transaction
/// each on the embedded store, several in flight over the wire with `--concurrency`. What
/// the user sees must be what one statement at a time gives.
@Suite("Grouped and concurrent scripts", .serialized)
struct GroupedScriptTests {
    /// Increments, reads and writes over a few keys, interleaved, so that any reordering
    /// of one key's statements changes what is printed.
    static let script: String = {
        var lines = (0..<5).map { "PUT test.demo 'k\($0)' {n: 0}" }
        for step in 0..<240 {
            let k = "'k\(step % 5)'"
            switch step % 4 {
            case 0: lines.append("PUT test.demo \(k) {n: \(step), tag: 'w\(step)'}")
            case 1: lines.append("INCREMENT test.demo \(k) n 1")
            case 2: lines.append("GET test.demo \(k)")
            default: lines.append("OPERATE test.demo \(k) INCR n 2, READ n")
            }
        }
        lines.insert("SELECT * FROM test.demo WHERE PK = 'k1'", at: 120)
        return lines.joined(separator: "\n") + "\n"
    }()

    /// The output of a statement-by-statement run: `-c` with SET CONCURRENCY 1 on a fresh store.
    func run(_ mode: StoreMode, arguments: [String], stdin: String) async throws -> AeroshRun {
        let store = try StoreFile(mode)
        return try await Aerosh.run(store.targetArguments + ["-o", "jsonl", "-q"] + arguments, stdin: stdin)
    }

    @Test(arguments: [StoreMode.embedded, .served])
    func aGroupedPipedScriptPrintsWhatOneStatementAtATimePrints(mode: StoreMode) async throws {
        // -c is parsed whole, then run in groups as well; a single statement per -c process
        // is the plain reference: each statement alone.
        let reference = try StoreFile(mode)
        var expected = ""
        for line in Self.script.split(separator: "\n") {
            let single = try await Aerosh.run(reference.targetArguments + ["-o", "jsonl", "-q", "-c", String(line)])
            #expect(single.status == 0, "\(line): \(single.stderr)")
            expected += single.stdout
        }
        let piped = try await run(mode, arguments: [], stdin: Self.script)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(normalized(piped.stdout) == normalized(expected))
        if mode == .served {
            let concurrent = try await run(mode, arguments: ["--concurrency", "16"], stdin: Self.script)
            #expect(concurrent.status == 0, "\(concurrent.stderr)")
            #expect(normalized(concurrent.stdout) == normalized(expected))
        }
    }

    /// TTLs count down between runs; everything else must match exactly.
    func normalized(_ output: String) -> String {
        output.replacingOccurrences(of: #""ttl": [0-9]+"#, with: #""ttl": T"#, options: .regularExpression)
    }

    @Test(arguments: [StoreMode.embedded, .served])
    func onErrorStopRunsNothingAfterTheFailingStatementOneAtATime(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'taken' {v: 1}")
        let script = "PUT test.demo 'a' {v: 1}\nPUT test.demo 'taken' {v: 2} CREATE ONLY\nPUT test.demo 'b' {v: 3}\n"
        let run = try await Aerosh.run(store.targetArguments + ["-q"], stdin: script)
        #expect(run.status == 1)
        #expect(run.stderr.contains("line 2: AEROSPIKE_ERR_RECORD_EXISTS (5)"), "\(run.stderr)")
        #expect(!run.stderr.contains("note:"))
        #expect(try await store.run("EXISTS test.demo 'a'").stdout.contains("true"))
        #expect(try await store.run("EXISTS test.demo 'b'").stdout.contains("false"))
    }

    @Test(arguments: [StoreMode.embedded, .served])
    func aRecordItsWhereRejectsDoesNotStopTheScript(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'a' {v: 1}")
        let script = "GET test.demo 'a' WHERE v > 5\nPUT test.demo 'b' {v: 2}\nGET test.demo 'a' WHERE v = 1\n"
        let run = try await Aerosh.run(store.targetArguments, stdin: script)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("0 rows in set"), "\(run.stdout)")
        #expect(run.stdout.contains("filtered out: test.demo 'a' (AEROSPIKE_FILTERED_OUT 27)"), "\(run.stdout)")
        #expect(run.stdout.contains("1 row in set"), "\(run.stdout)")
        #expect(try await store.run("EXISTS test.demo 'b'").stdout.contains("true"))
    }

    @Test func withConcurrencyStatementsAlreadySentAfterAFailureAreReported() async throws {
        let store = try StoreFile(.served)
        try await store.setUp("PUT test.demo 'taken' {v: 1}")
        var script = "PUT test.demo 'taken' {v: 2} CREATE ONLY\n"
        for index in 0..<50 { script += "PUT test.demo 'p\(index)' {v: \(index)}\n" }
        let run = try await Aerosh.run(store.targetArguments + ["--concurrency", "8"], stdin: script)
        #expect(run.status == 1)
        #expect(run.stderr.contains("line 1: AEROSPIKE_ERR_RECORD_EXISTS (5)"), "\(run.stderr)")
        // The statements sent with it ran, are shown, and the note counts them; the rest never ran.
        let shown = run.stdout.split(separator: "\n").filter { $0.contains("record affected") }.count
        let stored = try await store.run("SELECT COUNT(*) FROM test.demo", json: true).stdout
        let count = try #require(stored.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.last)
        #expect(count - 1 == shown, "stored \(stored), shown \(shown)")
        #expect(shown < 50)
        if shown > 0 {
            #expect(run.stderr.contains("note: the \(shown) statement\(shown == 1 ? "" : "s") after line 1 had already been sent (CONCURRENCY 8)"), "\(run.stderr)")
        }
    }

    @Test func setConcurrencyIsASettingAndIsChecked() async throws {
        let store = try StoreFile()
        let shown = try await store.run("SET CONCURRENCY 12; SHOW SETTINGS")
        #expect(shown.stdout.contains("CONCURRENCY 12"), "\(shown.stdout)")
        let bad = try await store.run("SET CONCURRENCY 0")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("SET CONCURRENCY must be from 1 to 256"))
        let flag = try await Aerosh.run(store.targetArguments + ["--concurrency", "0", "-c", "GET test.demo 'x'"])
        #expect(flag.status != 0)
        #expect(flag.stderr.contains("--concurrency must be from 1 to 256"))
    }
}
