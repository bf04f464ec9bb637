import AerospikeCore
@testable import AerospikeEmbedded
import AerospikeTestSupport
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

/// A whole, unfiltered GET takes a short way (the stored bins as they are); it must give
/// exactly what reading every bin through the operations gives.
@Suite("Whole-record reads")
struct WholeRecordReadTests {
    static func value(_ rng: inout SeededGenerator, depth: Int = 0) -> Value {
        switch Int.random(in: 0..<(depth > 1 ? 6 : 8), using: &rng) {
        case 0: return .int(Int64.random(in: -1000...1000, using: &rng))
        case 1: return .double(Double.random(in: -1e6...1e6, using: &rng))
        case 2: return .bool(Bool.random(using: &rng))
        case 3: return .string(String(repeating: "é", count: Int.random(in: 0..<5, using: &rng)))
        case 4: return .bytes((0..<Int.random(in: 0..<6, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 5: return .geoJSON(#"{"type":"Point","coordinates":[1.5,-2]}"#)
        case 6: return .list((0..<Int.random(in: 0..<4, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            let keys: [Value] = [.string("a"), .int(7), .bytes([1]), .string("z")]
            return .map((0..<Int.random(in: 0..<4, using: &rng)).map { index in MapEntry(keys[index], value(&rng, depth: depth + 1)) })
        }
    }

    @Test(arguments: 0..<5)
    func aWholeGetIsWhatReadingEveryBinGives(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        let fixture = try await StoreFixture()
        for index in 0..<60 {
            let k = key("w\(index)")
            let names = ["a", "b", "c", "d", "e"].shuffled(using: &rng).prefix(Int.random(in: 1...5, using: &rng))
            try await fixture.store.put(k, bins: names.map { Bin($0, Self.value(&rng)) },
                                        policy: WritePolicy(ttl: Bool.random(using: &rng) ? .seconds(100) : .never))
            // Written again over part of its bins, so the stored order is not the write's.
            if Bool.random(using: &rng) {
                try await fixture.store.put(k, bins: [Bin(names.first!, .int(Int64(index)))], policy: WritePolicy())
            }
            fixture.clock.advance(by: UInt64.random(in: 0...3, using: &rng))
            let whole = try await fixture.store.get(k, bins: nil, policy: ReadPolicy())
            let operated = try await fixture.store.operate(k, operations: [.readAll], policy: WritePolicy()).record
            #expect(whole == operated)
        }
        // A missing record: the same refusal both ways.
        await #expect(throws: AerospikeError.self) { try await fixture.store.get(key("none"), bins: nil, policy: ReadPolicy()) }
        do {
            _ = try await fixture.store.get(key("none"), bins: nil, policy: ReadPolicy())
        } catch {
            #expect(error.code == .recordNotFound)
        }
    }
}
