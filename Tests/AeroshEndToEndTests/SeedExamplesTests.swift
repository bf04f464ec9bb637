import Foundation
import Testing

/// The seed guide's examples, through `aerosh -c` on an embedded store file, and through
/// the wire client to `aerosh serve` on such a file: the output must be the same.
@Suite("Seed examples end to end")
struct SeedExamplesTests {
    @Test(arguments: StoreMode.allCases)
    func putThenGetShowsGenerationOneAndThirtyDayTTL(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let start = ContinuousClock.now
        #expect(try await store.run("PUT test.demo 'user1' {name: 'Alice', age: 30}").status == 0)
        let record = try await store.json("GET test.demo 'user1'")
        let key = try #require(record.object("key"))
        #expect(key["namespace"] as? String == "test")
        #expect(key["set"] as? String == "demo")
        #expect(key["pk"] as? String == "user1")
        #expect((key["digest"] as? String)?.count == 40)
        let meta = try #require(record.object("meta"))
        #expect(meta["gen"] as? Int == 1)
        expectTTL(meta["ttl"], wrote: 2_592_000, since: start)
        let bins = try #require(record.object("bins"))
        #expect(bins["name"] as? String == "Alice")
        #expect(bins["age"] as? Int == 30)
    }

    @Test(arguments: StoreMode.allCases)
    func jsonOutputIsExactlyTheDocumentedShape(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let run = try await store.run("PUT test.demo 'key1' {a: 1, f: 3.0, b: x'000102', l: [1, 'x'], m: {k: 2}, t: true} TTL NEVER; GET test.demo 'key1'", json: true)
        #expect(run.status == 0)
        #expect(run.stdout == """
            {"key": {"namespace": "test", "set": "demo", "pk": "key1", "digest": "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960"}, "meta": {"gen": 1, "ttl": -1}, "bins": {"a": 1, "f": 3.0, "b": {"$bytes": "AAEC"}, "l": [1, "x"], "m": {"k": 2}, "t": true}}

            """)
    }

    @Test(arguments: StoreMode.allCases)
    func everySupportedBinType(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let put = """
            PUT test.demo 'user1' {str_bin: 'hello', int_bin: 42, float_bin: 3.14, bytes_bin: x'000102',
                list_bin: [1, 2, 3], map_bin: {nested: 'dict'}, bool_bin: true, none_bin: null}
            """
        #expect(try await store.run(put).status == 0)
        let bins = try #require(try await store.json("GET test.demo 'user1'").object("bins"))
        #expect(bins["str_bin"] as? String == "hello")
        #expect(bins["int_bin"] as? Int == 42)
        #expect(bins["float_bin"] as? Double == 3.14)
        #expect((bins["bytes_bin"] as? [String: Any])?["$bytes"] as? String == "AAEC")
        #expect(bins["list_bin"] as? [Int] == [1, 2, 3])
        #expect(bins["map_bin"] as? [String: String] == ["nested": "dict"])
        #expect(bins["bool_bin"] as? Bool == true)
        #expect(bins["none_bin"] == nil)
    }

    @Test(arguments: StoreMode.allCases)
    func writeWithTTL(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let start = ContinuousClock.now
        #expect(try await store.run("PUT test.demo 'user1' {val: 1} TTL 300").status == 0)
        expectTTL(try await store.json("GET test.demo 'user1'").object("meta")?["ttl"], wrote: 300, since: start)
        #expect(try await store.run("PUT test.demo 'user1' {val: 1} TTL NEVER").status == 0)
        #expect(try await store.json("GET test.demo 'user1'").object("meta")?["ttl"] as? Int == -1)
    }

    @Test(arguments: StoreMode.allCases)
    func writePolicies(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        #expect(try await store.run("PUT test.demo 'user1' {name: 'Alice'} CREATE ONLY").status == 0)
        let exists = try await store.run("PUT test.demo 'user1' {name: 'Alice'} CREATE ONLY")
        #expect(exists.status == 1)
        #expect(exists.stderr == "error: line 1: AEROSPIKE_ERR_RECORD_EXISTS (5): test.demo 'user1'\n")
        let missing = try await store.run("PUT test.demo 'nobody' {name: 'x'} REPLACE ONLY")
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: line 1: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'nobody'\n")
        #expect(try await store.run("PUT test.demo 'sent' {v: 1} SEND KEY").status == 0)
        let digest = try #require(try await store.json("GET test.demo 'sent'").object("key")?["digest"] as? String)
        let byDigest = try await store.json("GET test.demo DIGEST x'\(digest)'")
        // A server (real or `aerosh serve`) does not send the stored key back for a
        // single-record read, and the embedded store answers alike.
        #expect(byDigest.object("key")?["pk"] is NSNull)
        #expect(byDigest.object("key")?["digest"] as? String == digest)
    }

    @Test(arguments: StoreMode.allCases)
    func selectReadsOnlyNamedBins(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {name: 'Alice', age: 30}")
        #expect(try await store.json("GET test.demo 'user1' BINS name").object("bins") as? [String: String] == ["name": "Alice"])
    }

    @Test(arguments: StoreMode.allCases)
    func existsOnPresentAndMissingKeys(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {name: 'Alice'}")
        #expect(try await store.json("EXISTS test.demo 'user1'").object("meta")?["gen"] as? Int == 1)
        let missing = try await store.run("EXISTS test.demo 'nobody'", json: true)
        #expect(missing.status == 0)
        #expect(missing.stdout.hasSuffix(#""meta": null}"# + "\n"))
    }

    @Test(arguments: StoreMode.allCases)
    func getOfAMissingKeyFailsWithNotFound(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let run = try await store.run("GET test.demo 'nobody'")
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == "error: line 1: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'nobody'\n")
    }

    @Test(arguments: StoreMode.allCases)
    func incrementAppendPrepend(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {name: 'Alice', age: 30, score: 1.0}")
        let run = try await store.run("""
            INCREMENT test.demo 'user1' age 1
            INCREMENT test.demo 'user1' score 0.5
            APPEND test.demo 'user1' name ' Smith'
            PREPEND test.demo 'user1' greeting 'Hello, '
            """)
        #expect(run.status == 0, "\(run.stderr)")
        let record = try await store.json("GET test.demo 'user1'")
        let bins = try #require(record.object("bins"))
        #expect(bins["age"] as? Int == 31)
        #expect(bins["score"] as? Double == 1.5)
        #expect(bins["name"] as? String == "Alice Smith")
        #expect(bins["greeting"] as? String == "Hello, ")
        #expect(record.object("meta")?["gen"] as? Int == 5)

        let wrongType = try await store.run("INCREMENT test.demo 'user1' name 1")
        #expect(wrongType.status == 1)
        #expect(wrongType.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE (12): test.demo 'user1'"))
        let appendToInt = try await store.run("APPEND test.demo 'user1' age 'x'")
        #expect(appendToInt.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE (12): test.demo 'user1'"))
    }

    @Test(arguments: StoreMode.allCases)
    func removeWithGenerationCheck(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {v: 1}; PUT test.demo 'user1' {v: 2}")
        let wrong = try await store.run("REMOVE test.demo 'user1' IF GEN = 5")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_RECORD_GENERATION (3): test.demo 'user1'"))
        #expect(try await store.run("REMOVE test.demo 'user1' IF GEN = 2").status == 0)
        #expect(try await store.run("GET test.demo 'user1'").status == 1)
        #expect(try await store.run("REMOVE test.demo 'user1'").stderr == "error: line 1: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'user1'\n")
    }

    @Test(arguments: StoreMode.allCases)
    func removeBinsAndTheLastBin(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {keep: 1, temp_bin: 2, debug_bin: 3}")
        #expect(try await store.run("REMOVE test.demo 'user1' BINS temp_bin, debug_bin").status == 0)
        #expect(try await store.json("GET test.demo 'user1'").object("bins") as? [String: Int] == ["keep": 1])
        #expect(try await store.run("REMOVE test.demo 'user1' BINS keep").status == 0)
        #expect(try await store.run("EXISTS test.demo 'user1'", json: true).stdout.contains(#""meta": null"#))
    }

    @Test(arguments: StoreMode.allCases)
    func touchResetsTTL(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {v: 1}")
        let start = ContinuousClock.now
        #expect(try await store.run("TOUCH test.demo 'user1' TTL 600").status == 0)
        let meta = try #require(try await store.json("GET test.demo 'user1'").object("meta"))
        #expect(meta["gen"] as? Int == 2)
        expectTTL(meta["ttl"], wrote: 600, since: start)
        #expect(try await store.run("TOUCH test.demo 'nobody' TTL 600").status == 1)
    }

    @Test(arguments: StoreMode.allCases)
    func operateAndOperateOrdered(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {counter: 1}")
        let merged = try await store.json("OPERATE test.demo 'user1' WRITE name = 'Bob', INCR counter 1, READ counter")
        #expect(merged.object("bins") as? [String: Int] == ["counter": 2])
        let ordered = try await store.run("OPERATE ORDERED test.demo 'user1' WRITE name = 'Bob', INCR counter 1, READ counter", json: true)
        #expect(ordered.stdout.hasSuffix(#""results": [["counter", 3]]}"# + "\n"))
        #expect(try await store.json("GET test.demo 'user1'").object("bins")?["name"] as? String == "Bob")
    }

    @Test(arguments: StoreMode.allCases)
    func optimisticLocking(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user1' {val: 1}")
        let fresh = try await store.run("PUT test.demo 'user1' {val: 2} IF GEN = 1")
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let stale = try await store.run("PUT test.demo 'user1' {val: 3} IF GEN = 1")
        #expect(stale.status == 1)
        #expect(stale.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_RECORD_GENERATION (3): test.demo 'user1'"))
        #expect(try await store.json("GET test.demo 'user1'").object("bins")?["val"] as? Int == 2)
    }

    @Test(arguments: StoreMode.allCases)
    func keysOfEveryKindAndUnknownNamespace(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let run = try await store.run("PUT test.demo 12345 {v: 'int'}; PUT test.demo x'0102' {v: 'bytes'}; PUT test 'noset' {v: 'noset'}")
        #expect(run.status == 0)
        #expect(try await store.json("GET test.demo 12345").object("key")?["pk"] as? Int == 12345)
        let bytesKey = try await store.json("GET test.demo x'0102'")
        #expect(bytesKey.object("key")?["digest"] as? String == "41721215fd2e56087e4f962047729a972784f317")
        #expect(try await store.json("GET test 'noset'").object("key")?["set"] is NSNull)
        let unknown = try await store.run("GET nope.demo 'x'")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("error: line 1: AEROSPIKE_ERR_NAMESPACE_NOT_FOUND (20): nope.demo 'x'"))
    }
}

/// The guide's batch examples, embedded and served.
@Suite("Batch statements end to end")
struct BatchStatementTests {
    @Test(arguments: StoreMode.allCases)
    func tenThousandKeysHalfPresent(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let load = try await store.run("BATCH OPERATE test.demo ('user_{0..9999}') WRITE n = 1")
        #expect(load.status == 0, "\(load.stderr)")
        #expect(try await store.run("BATCH REMOVE test.demo ('user_{5000..9999}')").status == 0)
        let keys = "('user_{0..9999}')"
        let run = try await Aerosh.run(store.targetArguments + ["-c", "BATCH READ test.demo \(keys)"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        // A table of pages of 1,000 rows, each with its header, then the footer.
        #expect(lines.count == 10_011)
        #expect(lines.filter { $0.hasPrefix("@key") }.count == 10)
        #expect(lines[1].hasPrefix("'user_0'"))
        #expect(lines[10_009].hasPrefix("'user_9999'") && lines[10_009].contains("not found"))
        #expect(lines.last?.hasPrefix("10000 rows: 5000 found, 5000 not found, 0 failed") == true)
    }

    @Test func aHundredThousandKeys() async throws {
        let store = try StoreFile()
        #expect(try await store.run("BATCH PUT test.demo ('present' {v: 1})").status == 0)
        let run = try await Aerosh.run(store.targetArguments + ["-o", "jsonl", "-c", "BATCH EXISTS test.demo ('present', 'k{0..99998}')"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 100_000)
        #expect(lines[0].contains(#""meta": {"gen": 1"#))
        #expect(lines[99_999].contains(#""pk": "k99998""#) && lines[99_999].contains("AEROSPIKE_ERR_RECORD_NOT_FOUND"))
    }

    @Test(arguments: StoreMode.allCases)
    func batchReadOperateRemoveAsJSON(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        try await store.setUp("PUT test.demo 'user_0' {name: 'a', age: 1}; PUT test.demo 'user_2' {name: 'c', age: 3}")
        let read = try await store.run("BATCH READ test.demo ('user_{0..2}') BINS age", json: true)
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String: Any]])
        #expect(documents.count == 3)
        #expect(documents[0].object("bins") as? [String: Int] == ["age": 1])
        #expect(documents[1].object("error")?["code"] as? Int == 2)
        #expect(documents[1].object("error")?["name"] as? String == "AEROSPIKE_ERR_RECORD_NOT_FOUND")
        #expect(documents[2].object("key")?["pk"] as? String == "user_2")
        let operate = try await store.run("BATCH OPERATE test.demo ('user_{0..2}') INCR views 1, READ views", json: true)
        let counted = try #require(try JSONSerialization.jsonObject(with: Data(operate.stdout.utf8)) as? [[String: Any]])
        #expect(counted.compactMap { $0.object("bins")?["views"] as? Int } == [1, 1, 1])
        let put = try await store.run("BATCH PUT test.demo ('user_3' {name: 'd'}, 'user_0' {name: 'z'}) CREATE ONLY", json: true)
        let written = try #require(try JSONSerialization.jsonObject(with: Data(put.stdout.utf8)) as? [[String: Any]])
        #expect(written[0].object("meta")?["gen"] as? Int == 1)
        #expect(written[1].object("error")?["name"] as? String == "AEROSPIKE_ERR_RECORD_EXISTS")
        let exists = try await store.run("BATCH EXISTS test.demo ('user_{0..4}')", json: true)
        let metas = try #require(try JSONSerialization.jsonObject(with: Data(exists.stdout.utf8)) as? [[String: Any]])
        #expect(metas.map { $0.object("meta")?["gen"] as? Int } == [2, 1, 2, 1, nil])
    }
}
