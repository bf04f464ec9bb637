import Foundation
import Testing

/// The statement options and output formats the seed examples leave out, on the embedded
/// store and through the wire client alike.
@Suite("Options and formats end to end")
struct OptionsAndFormatsTests {
    @Test(arguments: StoreMode.allCases)
    func existsPoliciesMergeOrReplace(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let missing = try await store.run("PUT test.demo 'u' {v: 1} UPDATE ONLY")
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: line 1: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'u'\n")
        #expect(try await store.run("PUT test.demo 'u' {v: 1, w: 2}; PUT test.demo 'u' {w: 3} UPDATE ONLY").status == 0)
        #expect(try await store.json("GET test.demo 'u'").object("bins") as? [String: Int] == ["v": 1, "w": 3])
        #expect(try await store.run("PUT test.demo 'u' {x: 4} REPLACE").status == 0)
        let replaced = try await store.json("GET test.demo 'u'")
        #expect(replaced.object("bins") as? [String: Int] == ["x": 4])
        #expect(replaced.object("meta")?["gen"] as? Int == 3)
    }

    @Test(arguments: StoreMode.allCases)
    func ttlUnchangedKeepsTheDeadlineAndDefaultUsesTheNamespaces(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let start = ContinuousClock.now
        #expect(try await store.run("PUT test.demo 't' {v: 1} TTL 300; PUT test.demo 't' {v: 2} TTL UNCHANGED").status == 0)
        let kept = try await store.json("GET test.demo 't'")
        expectTTL(kept.object("meta")?["ttl"], wrote: 300, since: start)
        #expect(kept.object("bins") as? [String: Int] == ["v": 2])
        #expect(try await store.run("PUT test.demo 't' {v: 3} TTL DEFAULT").status == 0)
        expectTTL(try await store.json("GET test.demo 't'").object("meta")?["ttl"], wrote: 2_592_000, since: start)
        let tooLong = try await store.run("PUT test.demo 't' {v: 4} TTL 3650d1")
        #expect(tooLong.status == 2)
    }

    @Test(arguments: StoreMode.allCases)
    func generationGreaterThanDurableDeleteAndStatementTimeouts(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        #expect(try await store.run("PUT test.demo 'g' {v: 1}; PUT test.demo 'g' {v: 2}").status == 0)
        // IF GEN > n applies when n is greater than the record's generation (2).
        #expect(try await store.run("PUT test.demo 'g' {v: 3} IF GEN > 5 TIMEOUT 2s").status == 0)
        let stale = try await store.run("PUT test.demo 'g' {v: 4} IF GEN > 1")
        #expect(stale.status == 1)
        // Worded alike on both: over the wire, from the generation the server sends back.
        #expect(stale.stderr == "error: line 1: AEROSPIKE_ERR_RECORD_GENERATION (3): test.demo 'g': generation 1 is not greater than the record's 3\n")
        #expect(try await store.run("GET test.demo 'g' TIMEOUT 2000", extra: ["-o", "raw"]).stdout == "3\n")
        #expect(try await store.run("REMOVE test.demo 'g' DURABLE TIMEOUT 2s").status == 0)
        #expect(try await store.run("EXISTS test.demo 'g'", extra: ["-o", "raw"]).stdout == "false\n")
    }

    @Test func anOptionWhereItDoesNotApplyIsASyntaxError() async throws {
        let store = try StoreFile()
        let run = try await store.run("PUT test.demo 'a' {v: 1}\nGET test.demo 'a' TTL 5")
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: line 2, column 19: "), "\(run.stderr)")
        #expect(run.stderr.contains("GET"))
        // Nothing ran: the PUT before it did not happen either.
        #expect(try await store.run("EXISTS test.demo 'a'", extra: ["-o", "raw"]).stdout == "false\n")
    }

    @Test(arguments: StoreMode.allCases)
    func csvAndRawOfABatch(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        #expect(try await store.run("""
            BATCH PUT test.demo ('a' {name: 'Ann, Jr.', age: 30}, 'c' {name: 'say "hi"', tags: ['x']}) TTL NEVER
            """).status == 0)
        let csv = try await store.run("BATCH READ test.demo ('a', 'b', 'c')", extra: ["-o", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout == [
            "@key,@gen,@ttl,name,age,tags,@error",
            "a,1,-1,\"Ann, Jr.\",30,,",
            "b,,,,,,AEROSPIKE_ERR_RECORD_NOT_FOUND",
            "c,1,-1,\"say \"\"hi\"\"\",,\"[\"\"x\"\"]\",",
        ].map { $0 + "\r\n" }.joined())
        let raw = try await store.run("BATCH READ test.demo ('a', 'b', 'c') BINS name", extra: ["-o", "raw"])
        #expect(raw.stdout == "Ann, Jr.\nsay \"hi\"\n")
    }

    @Test(arguments: StoreMode.allCases)
    func showSettingsEchoesTheTimeoutSet(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let run = try await store.run("SET TIMEOUT 5s\nSHOW SETTINGS\nPUT test.demo 'k' {v: 1}\nSET TIMEOUT DEFAULT\nSHOW SETTINGS")
        #expect(run.status == 0, "\(run.stderr)")
        let timeouts = run.stdout.split(separator: "\n").filter { $0.hasPrefix("TIMEOUT") }
        #expect(timeouts.first == "TIMEOUT   5000ms")
        #expect(timeouts.count == 2)
    }

    /// SET TIMEOUT takes effect over the wire: against a node that answers the tend but
    /// holds every data command (a relay in front of serve), a later statement fails in the
    /// time set, not in the 30 s the process was given; a statement's own TIMEOUT alike.
    /// (The embedded store ignores timeouts: there is nothing to wait for.)
    @Test func setTimeoutAppliesToLaterStatements() async throws {
        let store = try StoreFile(.served)
        let proxy = try WireProxy(upstreamPort: store.port, holding: .max)
        defer { proxy.stop() }
        for script in ["SET TIMEOUT 800ms\nGET test.demo 'k'", "GET test.demo 'k' TIMEOUT 800ms"] {
            let started = ContinuousClock.now
            let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "30000", "-c", script])
            let elapsed = ContinuousClock.now - started
            #expect(run.status == 1, "\(script): \(run.stderr)")
            #expect(run.stderr.contains("AEROSPIKE_ERR_TIMEOUT (9)"), "\(script): \(run.stderr)")
            #expect(elapsed >= .milliseconds(800), "\(script): gave up after \(elapsed)")
            #expect(elapsed < .seconds(15), "\(script): waited \(elapsed), as for the process's 30 s")
        }
        let messages = try await proxy.waitForMessages(2)
        #expect(messages == [WireProxy.Message(writeFlags: 0, timeoutMilliseconds: 800, held: true)] + [WireProxy.Message(writeFlags: 0, timeoutMilliseconds: 800, held: true)])
    }

    /// What each statement puts on the wire: its total timeout (from -T, SET TIMEOUT or its
    /// own TIMEOUT) and, for DURABLE, the durable-delete flag, read by a relay in front of
    /// serve.
    @Test func timeoutsAndDurableReachTheWire() async throws {
        let store = try StoreFile(.served)
        let proxy = try WireProxy(upstreamPort: store.port, holding: 0)
        defer { proxy.stop() }
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(proxy.port)", "--timeout", "20000", "-q", "-c", """
            PUT test.demo 'k' {v: 1}
            SET TIMEOUT 3s
            GET test.demo 'k'
            GET test.demo 'k' TIMEOUT 2500ms
            REMOVE test.demo 'k' DURABLE
            PUT test.demo 'k' {v: 2}
            REMOVE test.demo 'k' TIMEOUT 4s
            """])
        #expect(run.status == 0, "\(run.stderr)")
        let messages = try await proxy.waitForMessages(6)
        #expect(messages.map(\.timeoutMilliseconds) == [20_000, 3_000, 2_500, 3_000, 3_000, 4_000], "\(messages)")
        #expect(messages.map(\.durableDelete) == [false, false, false, true, false, false], "\(messages)")
        #expect(messages.allSatisfy { !$0.held })
    }
}

@Suite("Vertical output end to end")
struct VerticalOutputTests {
    @Test(arguments: StoreMode.allCases)
    func dashOVerticalAndSetOutputVerticalPrintABlockPerRecord(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'w' {name: 'Alice', note: '\(String(repeating: "n", count: 300))'}")
        let run = try await store.run("GET test.demo 'w'", extra: ["-o", "vertical"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "*************************** 1. row ***************************")
        #expect(lines.contains("name: 'Alice'"))
        #expect(lines.contains("note: '\(String(repeating: "n", count: 300))'"), "nothing is elided")
        let set = try await store.run("SET OUTPUT VERTICAL; GET test.demo 'w' BINS name")
        #expect(set.stdout.hasPrefix("*************************** 1. row ***************************\n@key: 'w'\n"), "\(set.stdout)")
    }
}
