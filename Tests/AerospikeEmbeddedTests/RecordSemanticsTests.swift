import AerospikeCore
@testable import AerospikeEmbedded
import Testing

@Suite("Single-record semantics")
struct RecordSemanticsTests {
    @Test func putThenGetReturnsBinsGenerationOneAndDefaultTTL() async throws {
        let fixture = try await StoreFixture()
        let bins = [Bin("name", .string("Alice")), Bin("age", .int(30))]
        let written = try await fixture.store.put(key("user1"), bins: bins, policy: WritePolicy())
        #expect(written == RecordMetadata(generation: 1, ttl: .seconds(2_592_000)))
        let record = try await fixture.store.get(key("user1"), bins: nil, policy: ReadPolicy())
        #expect(record.bins == bins)
        #expect(record.generation == 1)
        #expect(record.ttl == .seconds(2_592_000))
        #expect(record.key.userKey == .string("user1"))
    }

    @Test func everyValueTypeRoundTrips() async throws {
        let fixture = try await StoreFixture()
        let bins: [Bin] = [
            Bin("str_bin", .string("hello")), Bin("int_bin", .int(42)), Bin("float_bin", .double(3.14)),
            Bin("bytes_bin", .bytes([0, 1, 2])), Bin("list_bin", .list([.int(1), .int(2), .int(3)])),
            Bin("map_bin", .map([MapEntry(.string("nested"), .string("dict"))])), Bin("bool_bin", .bool(true)),
            Bin("geo", .geoJSON(#"{"type":"Point","coordinates":[1,2]}"#)),
            Bin("deep", .list([.map([MapEntry(.int(7), .bytes([1]))]), .nil, .double(-0.5)])),
        ]
        try await fixture.store.put(key("types"), bins: bins + [Bin("none_bin", .nil)], policy: WritePolicy())
        let record = try await fixture.store.get(key("types"), bins: nil, policy: ReadPolicy())
        #expect(record.bins == bins)  // a nil bin is not stored
    }

    @Test func everyWriteBumpsTheGeneration() async throws {
        let fixture = try await StoreFixture()
        for expected in 1...3 {
            let metadata = try await fixture.store.put(key("g"), bins: [Bin("v", .int(Int64(expected)))], policy: WritePolicy())
            #expect(metadata.generation == UInt32(expected))
        }
        try await fixture.store.increment(key("g"), bin: "v", by: .int(1), policy: WritePolicy())
        #expect(try await fixture.store.exists(key("g"), policy: ReadPolicy())?.generation == 4)
    }

    @Test func updateMergesBinsAndReplaceDropsTheOthers() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("m"), bins: [Bin("a", .int(1)), Bin("b", .int(2))], policy: WritePolicy())
        try await fixture.store.put(key("m"), bins: [Bin("b", .int(3)), Bin("c", .int(4))], policy: WritePolicy())
        #expect(try await fixture.store.get(key("m"), bins: nil, policy: ReadPolicy()).bins == [Bin("a", .int(1)), Bin("b", .int(3)), Bin("c", .int(4))])
        try await fixture.store.put(key("m"), bins: [Bin("z", .int(9))], policy: WritePolicy(exists: .createOrReplace))
        #expect(try await fixture.store.get(key("m"), bins: nil, policy: ReadPolicy()).bins == [Bin("z", .int(9))])
    }

    @Test func existsPolicies() async throws {
        let fixture = try await StoreFixture()
        let bins = [Bin("v", .int(1))]
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("e"), bins: bins, policy: WritePolicy(exists: .replaceOnly)) } == .recordNotFound)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("e"), bins: bins, policy: WritePolicy(exists: .updateOnly)) } == .recordNotFound)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("e"), bins: bins, policy: WritePolicy(exists: .createOnly)) } == nil)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("e"), bins: bins, policy: WritePolicy(exists: .createOnly)) } == .recordExists)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("e"), bins: bins, policy: WritePolicy(exists: .replaceOnly)) } == nil)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("e"), bins: bins, policy: WritePolicy(exists: .updateOnly)) } == nil)
        // The failed writes changed nothing: create, replace-only and update-only succeeded.
        #expect(try await fixture.store.exists(key("e"), policy: ReadPolicy())?.generation == 3)
    }

    @Test func generationChecks() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("gen"), bins: [Bin("val", .int(1))], policy: WritePolicy())
        try await fixture.store.put(key("gen"), bins: [Bin("val", .int(2))], policy: WritePolicy())
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.remove(key("gen"), policy: WritePolicy(generation: .equal(5))) } == .generationError)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("gen"), bins: [Bin("val", .int(3))], policy: WritePolicy(generation: .equal(1))) } == .generationError)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("gen"), bins: [Bin("val", .int(3))], policy: WritePolicy(generation: .greaterThan(2))) } == .generationError)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("gen"), bins: [Bin("val", .int(3))], policy: WritePolicy(generation: .greaterThan(3))) } == nil)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.put(key("gen"), bins: [Bin("val", .int(4))], policy: WritePolicy(generation: .equal(3))) } == nil)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.remove(key("gen"), policy: WritePolicy(generation: .equal(4))) } == nil)
        #expect(try await fixture.store.exists(key("gen"), policy: ReadPolicy()) == nil)
    }

    @Test func incrementAppendPrependAndTheirTypeErrors() async throws {
        let fixture = try await StoreFixture()
        let k = key("u")
        try await fixture.store.put(k, bins: [Bin("age", .int(30)), Bin("name", .string("Alice")), Bin("score", .double(1.0))], policy: WritePolicy())
        try await fixture.store.increment(k, bin: "age", by: .int(1), policy: WritePolicy())
        try await fixture.store.increment(k, bin: "score", by: .double(0.5), policy: WritePolicy())
        try await fixture.store.increment(k, bin: "fresh", by: .int(7), policy: WritePolicy())
        try await fixture.store.append(k, bin: "name", .string(" Smith"), policy: WritePolicy())
        try await fixture.store.prepend(k, bin: "greeting", .string("Hello, "), policy: WritePolicy())
        let record = try await fixture.store.get(k, bins: nil, policy: ReadPolicy())
        #expect(record[bin: "age"] == .int(31))
        #expect(record[bin: "score"] == .double(1.5))
        #expect(record[bin: "fresh"] == .int(7))
        #expect(record[bin: "name"] == .string("Alice Smith"))
        #expect(record[bin: "greeting"] == .string("Hello, "))

        #expect(await code { () async throws(AerospikeError) in try await fixture.store.increment(k, bin: "name", by: .int(1), policy: WritePolicy()) } == .binTypeError)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.increment(k, bin: "age", by: .double(1), policy: WritePolicy()) } == .binTypeError)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.append(k, bin: "age", .string("x"), policy: WritePolicy()) } == .binTypeError)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.increment(k, bin: "age", by: .string("x"), policy: WritePolicy()) } == .parameterError)
    }

    @Test func missingRecords() async throws {
        let fixture = try await StoreFixture()
        let k = key("nobody")
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.get(k, bins: nil, policy: ReadPolicy()) } == .recordNotFound)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.touch(k, policy: WritePolicy()) } == .recordNotFound)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.remove(k, policy: WritePolicy()) } == .recordNotFound)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.removeBins(k, ["a"], policy: WritePolicy()) } == .recordNotFound)
        #expect(try await fixture.store.exists(k, policy: ReadPolicy()) == nil)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.get(key("x", namespace: "nope"), bins: nil, policy: ReadPolicy()) } == .namespaceNotFound)
    }

    @Test func removingTheLastBinRemovesTheRecord() async throws {
        let fixture = try await StoreFixture()
        let k = key("bins")
        try await fixture.store.put(k, bins: [Bin("keep", .int(1)), Bin("temp_bin", .int(2)), Bin("debug_bin", .int(3))], policy: WritePolicy())
        try await fixture.store.removeBins(k, ["temp_bin", "debug_bin"], policy: WritePolicy())
        #expect(try await fixture.store.get(k, bins: nil, policy: ReadPolicy()).bins == [Bin("keep", .int(1))])
        try await fixture.store.removeBins(k, ["keep"], policy: WritePolicy())
        #expect(try await fixture.store.exists(k, policy: ReadPolicy()) == nil)
    }

    @Test func selectReturnsOnlyNamedBinsThatExist() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("s"), bins: [Bin("name", .string("Alice")), Bin("age", .int(30))], policy: WritePolicy())
        let record = try await fixture.store.get(key("s"), bins: ["name", "missing"], policy: ReadPolicy())
        #expect(record.bins == [Bin("name", .string("Alice"))])
    }

    @Test func binNamesLongerThanFifteenBytesAreRefused() async throws {
        let fixture = try await StoreFixture()
        let failure = await code { () async throws(AerospikeError) in
            try await fixture.store.put(key("b"), bins: [Bin("sixteen_bytes_xx", .int(1))], policy: WritePolicy())
        }
        #expect(failure == .binNameTooLong)
    }

    @Test func sendKeyStoresTheUserKeyForDigestLookups() async throws {
        let fixture = try await StoreFixture()
        let withKey = key("kept")
        let without = key("dropped")
        try await fixture.store.put(withKey, bins: [Bin("v", .int(1))], policy: WritePolicy(sendKey: true))
        try await fixture.store.put(without, bins: [Bin("v", .int(1))], policy: WritePolicy())
        #expect(try await fixture.store.storedUserKey(withKey) == .string("kept"))
        #expect(try await fixture.store.storedUserKey(without) == nil)
        // As from a server, a read by digest does not report the stored key.
        let byDigest = Key(namespace: withKey.namespace, set: withKey.set, userKey: nil, digest: withKey.digest)
        #expect(try await fixture.store.get(byDigest, bins: nil, policy: ReadPolicy()).key.userKey == nil)
    }
}
