import Foundation
import Testing

/// What a real Aerospike 8.1 server stores, measured there with the same statements
/// (issue: real-cluster fidelity), on the embedded store and through `aerosh serve`.
@Suite("Stored as a real server stores")
struct ServerFidelityTests {
    @Test("maps read back key-ordered, at every nesting level", arguments: StoreMode.allCases)
    func mapsAreKeyOrdered(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        #expect(try await store.run("PUT test.demo 'm' {m: {z: 1, a: 2, 3: 'n', 'B': [{y: 1, x: 2}], b: {d: 1, c: 2}}}").status == 0)
        let run = try await store.run("GET test.demo 'm'", extra: ["-o", "raw"])
        #expect(run.stdout == #"{"$map": [[3, "n"], ["B", [{"x": 2, "y": 1}]], ["a", 2], ["b", {"c": 2, "d": 1}], ["z", 1]]}"# + "\n", "\(run.stderr)")
        let table = try await store.run("GET test.demo 'm'; SET META OFF; GET test.demo 'm'")
        #expect(table.stdout.hasSuffix("{3: 'n', B: [{x: 2, y: 1}], a: 2, b: {c: 2, d: 1}, z: 1}\n"), "\(table.stdout)")
    }

    @Test("after a bin is removed, the last bin takes its place", arguments: StoreMode.allCases)
    func binOrderAfterRemoval(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let script = """
            PUT test.demo 'k' {c: 1, f: 2}
            INCREMENT test.demo 'k' newbin 3
            PUT test.demo 'k' {x15: 4}
            REMOVE test.demo 'k' BINS c
            PUT test.demo 'n' {z: 1, a: 2, m: 3}
            """
        #expect(try await store.run(script).status == 0)
        let run = try await store.run("GET test.demo 'k'; GET test.demo 'n'", extra: ["-o", "csv"])
        // CSV always leads with @key, @gen and @ttl; the bins follow in the record's order.
        let rows = run.stdout.split(separator: "\r\n").map { $0.split(separator: ",").dropFirst(3).joined(separator: ",") }
        #expect(rows == ["x15,f,newbin", "4,2,3", "z,a,m", "1,2,3"], "\(run.stdout)")
    }

    /// A real server with the default 1 MiB max-record-size took a single string bin of
    /// 1,048,476 bytes and refused one of 1,048,536 with RECORD_TOO_BIG (13).
    @Test("the record size limit of a real server, on both sides", arguments: StoreMode.allCases)
    func recordSizeLimit(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let fits = try temporaryScript("PUT test.demo 'big' {s: '\(String(repeating: "x", count: 1_048_476))'}\n")
        let run = try await Aerosh.run(store.targetArguments + ["-q", "-f", fits])
        #expect(run.status == 0, "\(run.stderr)")
        let tooBig = try temporaryScript("PUT test.demo 'big2' {s: '\(String(repeating: "x", count: 1_048_536))'}\n")
        let refused = try await Aerosh.run(store.targetArguments + ["-q", "-f", tooBig])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: \(tooBig): line 1: AEROSPIKE_ERR_RECORD_TOO_BIG (13): test.demo 'big2'"), "\(refused.stderr)")
        #expect(try await store.run("EXISTS test.demo 'big'; EXISTS test.demo 'big2'", extra: ["-o", "raw"]).stdout == "true\nfalse\n")
    }

    @Test("a namespace's max-record-size is configurable on the embedded store")
    func configurableRecordSize() async throws {
        let store = try StoreFile()
        let small = ["--namespace", "test:max-record-size=1024"]
        let ok = try await store.run("PUT test.demo 'a' {s: '\(String(repeating: "x", count: 900))'}", extra: small)
        #expect(ok.status == 0, "\(ok.stderr)")
        let refused = try await store.run("PUT test.demo 'b' {s: '\(String(repeating: "x", count: 1000))'}", extra: small)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("AEROSPIKE_ERR_RECORD_TOO_BIG (13)"), "\(refused.stderr)")
        #expect(try await Aerosh.run(["--embedded", store.path, "--namespace", "test:max-record-size=10", "-c", "GET test.demo 'a'"]).status == 2)
    }

    @Test("a map key a server refuses is a syntax error before anything runs", arguments: StoreMode.allCases)
    func badMapKeys(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let run = try await store.run("PUT test.demo 'ok' {v: 1}\nPUT test.demo 'x' {m: {1.5: 'x'}}")
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: line 2, column 24: a map key must be an integer, a string or bytes, not float"), "\(run.stderr)")
        #expect(try await store.run("EXISTS test.demo 'ok'", extra: ["-o", "raw"]).stdout == "false\n")
    }
}
