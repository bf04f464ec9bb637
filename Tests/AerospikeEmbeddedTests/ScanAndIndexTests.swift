import AerospikeCore
import AerospikeEmbedded
import Testing

/// Scans, secondary-index queries and truncation on the embedded store.
@Suite("Scans, indexes and truncation")
struct ScanAndIndexTests {
    /// `count` records in `set`, keys "k0"…, bins n = i, name = "name<i % 3>", sent keys.
    static func fill(_ store: EmbeddedStore, set: String = "demo", count: Int, sendKey: Bool = true) async throws {
        var policy = WritePolicy()
        policy.sendKey = sendKey
        for i in 0..<count {
            try await store.put(key("k\(i)", set: set), bins: [Bin("n", .int(Int64(i))), Bin("name", .string("name\(i % 3)"))], policy: policy)
        }
    }

    static func numbers(_ records: [Record]) -> [Int64] {
        records.compactMap { if case .int(let n)? = $0[bin: "n"] { n } else { nil } }.sorted()
    }

    @Test func aScanReturnsEveryRecordOfTheSetOnceWithItsStoredKey() async throws {
        let fixture = try await StoreFixture()
        try await Self.fill(fixture.store, count: 700)
        try await Self.fill(fixture.store, set: "other", count: 5)
        let records = try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo"))
        #expect(Self.numbers(records) == (0..<700).map(Int64.init))
        #expect(Set(records.map(\.key.digest)).count == 700)
        let first = try #require(records.first { $0[bin: "n"] == .int(5) })
        #expect(first.key.userKey == .string("k5"))
        #expect(first.key == key("k5"))
        #expect(first.generation == 1)
        // The whole namespace: both sets.
        #expect(try await fixture.store.scanAll(ScanRequest(namespace: "test")).count == 705)
    }

    @Test func recordsComePartitionByPartitionInDigestOrder() async throws {
        let fixture = try await StoreFixture()
        try await Self.fill(fixture.store, count: 600)
        let records = try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo"))
        let order = records.map { ($0.key.digest.partitionID, $0.key.digest.hex) }
        #expect(order.map(\.0) == order.map(\.0).sorted())
        for (left, right) in zip(order, order.dropFirst()) where left.0 == right.0 {
            #expect(left.1 < right.1)
        }
    }

    @Test func aScanResumedAfterADigestDeliversTheRestExactlyOnce() async throws {
        let fixture = try await StoreFixture()
        try await Self.fill(fixture.store, count: 2000)
        let all = try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo"))
        // Stop half-way through a partition that holds several records, resume after it.
        let counts = Dictionary(grouping: all, by: \.key.digest.partitionID)
        let busy = try #require(counts.first { $0.value.count >= 2 }?.key)
        let stop = try #require(all.firstIndex { $0.key.digest.partitionID == busy })
        let delivered = all.prefix(stop + 1)
        let cursors = [PartitionCursor(id: busy, after: all[stop].key.digest)] + PartitionCursor.all.filter { $0.id > busy }
        let rest = try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo", partitions: cursors))
        #expect(Self.numbers(Array(delivered) + rest) == (0..<2000).map(Int64.init))
    }

    @Test func maxRecordsAndNoBinsAndSelectedBins() async throws {
        let fixture = try await StoreFixture()
        try await Self.fill(fixture.store, count: 50)
        #expect(try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo", maxRecords: 7)).count == 7)
        let bare = try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo", bins: .none))
        #expect(bare.count == 50 && bare.allSatisfy { $0.bins.isEmpty && $0.generation == 1 })
        let some = try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo", bins: .only(["name"])))
        #expect(some.allSatisfy { $0.bins.map(\.name) == ["name"] })
    }

    @Test func expiredRecordsAreNotScanned() async throws {
        let fixture = try await StoreFixture()
        var policy = WritePolicy()
        policy.ttl = .seconds(10)
        try await fixture.store.put(key("short"), bins: [Bin("n", .int(1))], policy: policy)
        try await fixture.store.put(key("long"), bins: [Bin("n", .int(2))], policy: WritePolicy())
        fixture.clock.advance(by: 11)
        #expect(Self.numbers(try await fixture.store.scanAll(ScanRequest(namespace: "test", set: "demo"))) == [2])
    }

    @Test func anIndexAnswersEqualityAndRangesAndFollowsEveryWrite() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await Self.fill(store, count: 300)
        try await store.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "by_n", bin: "n", type: .numeric))
        try await store.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "by_name", bin: "name", type: .string))
        func query(_ filter: IndexFilter) async throws -> [Int64] {
            Self.numbers(try await store.scanAll(ScanRequest(namespace: "test", set: "demo", filter: filter)))
        }
        #expect(try await query(.range(bin: "n", 10, 14)) == [10, 11, 12, 13, 14])
        #expect(try await query(.equal(bin: "n", .int(42))) == [42])
        #expect(try await query(.equal(bin: "name", .string("name1"))) == stride(from: 1, to: 300, by: 3).map(Int64.init))
        // Written after the index: found; changed: found under the new value only.
        try await store.put(key("new"), bins: [Bin("n", .int(1000))], policy: WritePolicy())
        try await store.put(key("k10"), bins: [Bin("n", .int(2000))], policy: WritePolicy())
        #expect(try await query(.range(bin: "n", 10, 14)) == [11, 12, 13, 14])
        #expect(try await query(.range(bin: "n", 1000, 3000)) == [1000, 2000])
        // A value of another type is not in a numeric index; removing the bin or the record
        // takes the entry away.
        try await store.put(key("k11"), bins: [Bin("n", .string("eleven"))], policy: WritePolicy())
        try await store.remove(key("k12"), policy: WritePolicy())
        try await store.put(key("k13"), bins: [Bin("n", .nil)], policy: WritePolicy())
        #expect(try await query(.range(bin: "n", 10, 14)) == [14])
        _ = try await store.batchRemove([key("k14")], policy: WritePolicy())
        #expect(try await query(.range(bin: "n", 10, 14)) == [])
    }

    @Test func aQueryNeedsAnIndexOfItsSetBinAndType() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await Self.fill(store, count: 10)
        #expect(await code { () async throws(AerospikeError) in try await store.scanAll(ScanRequest(namespace: "test", set: "demo", filter: .equal(bin: "n", .int(1)))) } == .indexNotFound)
        try await store.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "by_name", bin: "name", type: .string))
        // A string index does not answer a numeric query, nor one of another set.
        #expect(await code { () async throws(AerospikeError) in try await store.scanAll(ScanRequest(namespace: "test", set: "demo", filter: .equal(bin: "name", .int(1)))) } == .indexNotFound)
        #expect(await code { () async throws(AerospikeError) in try await store.scanAll(ScanRequest(namespace: "test", set: "other", filter: .equal(bin: "name", .string("x")))) } == .indexNotFound)
    }

    @Test func indexNamesFollowARealServersRules() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let index = IndexDefinition(namespace: "test", set: "demo", name: "by_n", bin: "n", type: .numeric)
        try await store.createIndex(index)
        // The same definition again is fine; another under the same name is refused (200).
        try await store.createIndex(index)
        var other = index
        other.bin = "m"
        #expect(await code { () async throws(AerospikeError) in try await store.createIndex(other) } == .indexFound)
        // The same definition under a new name renames the index, entries and all.
        try await store.put(key("k1"), bins: [Bin("n", .int(7))], policy: WritePolicy())
        try await store.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "n_renamed", bin: "n", type: .numeric))
        let list = try await store.info("sindex-list:ns=test", on: .any).first?.value ?? ""
        #expect(list.contains("indexname=n_renamed") && !list.contains("indexname=by_n"))
        #expect(try await store.scanAll(ScanRequest(namespace: "test", set: "demo", filter: .equal(bin: "n", .int(7)))).count == 1)
        try await store.dropIndex(namespace: "test", name: "n_renamed")
        // Dropping one that is not there succeeds, as on an 8.x server.
        try await store.dropIndex(namespace: "test", name: "by_n")
        #expect(await code { () async throws(AerospikeError) in try await store.createIndex(IndexDefinition(namespace: "nope", set: nil, name: "i", bin: "n", type: .numeric)) } == .namespaceNotFound)
    }

    @Test func truncateRemovesASetOrANamespaceAndTheirIndexEntries() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await Self.fill(store, count: 40)
        try await Self.fill(store, set: "other", count: 4)
        try await store.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "by_n", bin: "n", type: .numeric))
        try await store.truncate(namespace: "test", set: "demo", before: nil)
        #expect(try await store.scanAll(ScanRequest(namespace: "test", set: "demo")).isEmpty)
        #expect(try await store.scanAll(ScanRequest(namespace: "test", set: "other")).count == 4)
        #expect(try await store.scanAll(ScanRequest(namespace: "test", set: "demo", filter: .range(bin: "n", 0, 100))).isEmpty)
        let stat = try await store.info("sindex-stat:namespace=test;indexname=by_n", on: .any)
        #expect(stat.first?.value.hasPrefix("entries=0;") == true)
        // Written after the truncation: kept, and indexed.
        try await store.put(key("after"), bins: [Bin("n", .int(5))], policy: WritePolicy())
        #expect(try await store.scanAll(ScanRequest(namespace: "test", set: "demo", filter: .equal(bin: "n", .int(5)))).count == 1)
        try await store.truncate(namespace: "test", set: nil, before: nil)
        #expect(try await store.scanAll(ScanRequest(namespace: "test")).isEmpty)
    }

    @Test func truncateBeforeATimeKeepsLaterWrites() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.put(key("old"), bins: [Bin("n", .int(1))], policy: WritePolicy())
        fixture.clock.advance(by: 100)
        let cut = fixture.clock.unixSeconds()
        fixture.clock.advance(by: 100)
        try await store.put(key("young"), bins: [Bin("n", .int(2))], policy: WritePolicy())
        try await store.truncate(namespace: "test", set: "demo", before: cut)
        #expect(Self.numbers(try await store.scanAll(ScanRequest(namespace: "test", set: "demo"))) == [2])
    }

    @Test func infoAnswersInARealServersWords() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await Self.fill(store, count: 3)
        try await store.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "by_n", bin: "n", type: .numeric))
        func info(_ command: String) async throws -> String { try await store.info(command, on: .any).first?.value ?? "" }
        // In the order configured, as a server lists them.
        #expect(try await info("namespaces") == "test;bar")
        let sets = InfoText.records(try await info("sets/test"))
        #expect(sets.count == 1 && sets[0]["set"] == "demo" && sets[0]["objects"] == "3" && sets[0]["sindexes"] == "1")
        #expect(try await info("sindex-list:ns=test")
            == "ns=test:indexname=by_n:set=demo:bin=n:type=numeric:indextype=default:context=null:exp=null:state=RW")
        #expect(try await info("sindex-create:namespace=test;set=demo;indexname=by_n;bin=other;type=NUMERIC").hasPrefix("ERROR:200:"))
        #expect(try await info("sindex-create:namespace=test;set=demo;indexname=by_name;bin=name;type=STRING") == "ok")
        #expect(try await info("truncate:namespace=test;set=demo") == "ok")
        #expect(try await info("bins/test") == "ERROR:4:unrecognized command")
        #expect(try await info("sets/nope").hasPrefix("ERROR:20:"))
    }
}
