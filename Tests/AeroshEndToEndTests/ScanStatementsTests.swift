import AerospikeTestSupport
import Foundation
import Testing

/// Scans, queries, indexes, SHOW, ASINFO, EXPLAIN and TRUNCATE run by fresh `aerosh`
/// processes, as a user types them, on each place data lives: the embedded store, one
/// `aerosh serve` node, and `serve --nodes 3`. The same statements must give the same
/// rows everywhere.
// One case at a time: each starts serve (or three nodes) and a dozen aerosh processes, and
// run all at once on two cores they starved the in-process servers of the other suites.
@Suite("Scans, queries and indexes from the command line", .serialized)
struct ScanStatementsTests {
    /// 240 records in test.scan (pk i, n = i, name = "name<i % 4>", sent keys) and 7 in test.other.
    static func load(_ place: Place) async throws {
        let entries = (0..<240).map { "\($0) {n: \($0), name: 'name\($0 % 4)'}" }.joined(separator: ", ")
        let others = (0..<7).map { "'o\($0)' {n: \($0)}" }.joined(separator: ", ")
        let run = try await place.run("BATCH PUT test.scan (\(entries)) SEND KEY; BATCH PUT test.other (\(others))")
        try #require(run.status == 0, "\(run.stderr)")
    }

    static func numbers(_ rows: [[String: Any]]) -> [Int] {
        rows.compactMap { ($0["bins"] as? [String: Any])?["n"] as? Int }.sorted()
    }

    @Test(arguments: DataPlace.allCases)
    func aScanReturnsEveryRecordOnceWithItsKey(target: DataPlace) async throws {
        let place = try Place(target)
        try await Self.load(place)
        let rows = try await place.rows("SELECT * FROM test.scan")
        #expect(Self.numbers(rows) == Array(0..<240))
        let keys = rows.compactMap { ($0["key"] as? [String: Any])?["pk"] as? Int }
        #expect(Set(keys).count == 240 && keys.count == 240)
        // The whole namespace holds both sets.
        #expect(try await place.rows("SELECT * FROM test").count == 247)
        #expect(try await place.rows("SELECT COUNT(*) FROM test.scan").first?["count"] as? Int == 240)
        let some = try await place.rows("SELECT name FROM test.scan LIMIT 10")
        // The limit is the servers' to honour, node by node: at most, never more.
        #expect(some.count <= 10 && some.count >= (target == .cluster ? 8 : 10))
        #expect(some.allSatisfy { ($0["bins"] as? [String: Any]).map { Array($0.keys) } == ["name"] })
    }

    @Test(arguments: DataPlace.allCases)
    func queriesGoThroughAnIndexAndOtherConditionsAreFilters(target: DataPlace) async throws {
        let place = try Place(target)
        try await Self.load(place)
        // No index yet: a scan with the condition as its filter expression.
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE n = 5")) == [5])
        let table = try await place.run("SELECT n FROM test.scan WHERE n > 230 AND name LIKE '^name[12]$'", format: "table", quiet: false)
        #expect(table.stdout.contains("scan with a filter expression"), "\(table.stdout) \(table.stderr)")
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE n > 230 AND name LIKE '^name[12]$'")) == [233, 234, 237, 238])
        #expect(try await place.run("CREATE INDEX scan_n ON test.scan (n) NUMERIC; CREATE INDEX scan_name ON test.scan (name) STRING").status == 0)
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE n BETWEEN 100 AND 109")) == Array(100..<110))
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE n = 77")) == [77])
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE name = 'name3'")) == Array(stride(from: 3, to: 240, by: 4)))
        // Written after the index: found under its new value.
        #expect(try await place.run("PUT test.scan 77 {n: 1077}").status == 0)
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE n BETWEEN 1000 AND 2000")) == [1077])
        let indexes = try await place.rows("SHOW INDEXES test")
        #expect(Set(indexes.compactMap { $0["name"] as? String }) == ["scan_n", "scan_name"])
        #expect(try await place.run("DROP INDEX test.scan scan_n").status == 0)
        #expect(try await place.rows("SHOW INDEXES test").compactMap { $0["name"] as? String } == ["scan_name"])
        // With the index gone, the same SELECT is a filtered scan again.
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE n = 5")) == [5])
        // The index answers part, a filter the rest; EXPLAIN says so without reading.
        let plan = try #require(try await place.rows("EXPLAIN SELECT * FROM test.scan WHERE name = 'name1' AND n < 10").first)
        #expect(plan["access"] as? String == "query" && plan["index"] as? String == "scan_name" && plan["filter"] as? String == "n < 10")
        #expect(Self.numbers(try await place.rows("SELECT * FROM test.scan WHERE name = 'name1' AND n < 10")) == [1, 5, 9])
        // A record filter on single-record and batch statements.
        let filtered = try await place.run("GET test.scan 5 WHERE n > 100", format: "table", quiet: false)
        #expect(filtered.status == 0 && filtered.stdout.contains("filtered out"), "\(filtered.stdout) \(filtered.stderr)")
        let batch = try await place.rows("BATCH READ test.scan (1, 150, 200) WHERE n >= 150")
        #expect(batch.count == 3)
    }

    @Test(arguments: DataPlace.allCases)
    func showAsinfoExplainAndTruncate(target: DataPlace) async throws {
        let place = try Place(target)
        try await Self.load(place)
        let namespaces = try await place.rows("SHOW NAMESPACES").compactMap { $0["ns"] as? String }
        #expect(namespaces.contains("test"))
        let sets = try await place.rows("SHOW SETS test")
        #expect(sets.first { $0["set"] as? String == "scan" }?["objects"] as? Int == 240, "\(sets)")
        #expect(sets.first { $0["set"] as? String == "other" }?["objects"] as? Int == 7)
        let bins = try await place.rows("SHOW BINS test.scan").compactMap { $0["bin"] as? String }
        #expect(Set(bins) == ["n", "name"])
        let info = try await place.rows("ASINFO 'namespaces' ON ALL")
        #expect(info.count == (target == .cluster ? 3 : 1))
        #expect(info.allSatisfy { ($0["reply"] as? String)?.contains("test") == true })
        // The digests and partitions the official client's calc_digest gives (protocol.md's
        // test vectors), for a string, an integer and a bytes key; no data is read.
        let vectors: [(String, String, Int, String)] = [
            ("'key1'", "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960", 492, "string"),
            ("1", "b7f4b83889e2da67de683e1df6919a1eacc446c8", 1207, "integer"),
            ("x'0102'", "41721215fd2e56087e4f962047729a972784f317", 577, "bytes"),
        ]
        for (pk, digest, partition, type) in vectors {
            let explained = try #require(try await place.rows("EXPLAIN GET test.demo \(pk)").first)
            #expect(explained["digest"] as? String == digest)
            #expect(explained["partition"] as? Int == partition)
            #expect(explained["key_type"] as? String == type)
            #expect((explained["node"] as? String)?.isEmpty == false)
        }
        let aql = try #require(try await place.rows("EXPLAIN SELECT * FROM test.demo WHERE PK = 'key1'").first)
        #expect(aql["digest"] as? String == "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960")
        // In a script TRUNCATE just runs; the other set keeps its records.
        #expect(try await place.run("TRUNCATE test.scan").status == 0)
        #expect(try await place.rows("SELECT COUNT(*) FROM test.scan").first?["count"] as? Int == 0)
        #expect(try await place.rows("SELECT COUNT(*) FROM test.other").first?["count"] as? Int == 7)
    }

    @Test func theSameScanPrintsTheSameRowsEverywhere() async throws {
        var outputs: [DataPlace: [String]] = [:]
        for target in DataPlace.allCases {
            let place = try Place(target)
            try await Self.load(place)
            let run = try await place.run("SELECT n, name FROM test.scan", format: "csv")
            #expect(run.status == 0, "\(run.stderr)")
            // Row order differs with the nodes' partitions, and the TTL column with the
            // second the row was read in; the rest does not.
            outputs[target] = run.stdout.split(whereSeparator: \.isNewline).map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { $0.offset != 2 }.map(\.element).joined(separator: ",")
            }.sorted()
        }
        #expect(outputs[.embedded]?.count == 241)
        #expect(outputs[.embedded] == outputs[.served])
        #expect(outputs[.embedded] == outputs[.cluster])
    }
}
