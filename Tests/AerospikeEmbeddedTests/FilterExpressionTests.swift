import AerospikeCore
import AerospikeEmbedded
import Testing

/// Filter expressions in policies on the embedded store: reads, writes, removes, batches
/// and scans see only the records the filter lets through.
@Suite("Filter expressions on the embedded store")
struct FilterExpressionTests {
    static let overFive = Expression.comparison(.greater, .bin("v", .int), .literal(.int(5)))

    func filled() async throws -> StoreFixture {
        let fixture = try await StoreFixture()
        for v in 0..<10 {
            try await fixture.store.put(key("k\(v)"), bins: [Bin("v", .int(Int64(v))), Bin("s", .string("user\(v)"))], policy: WritePolicy())
        }
        return fixture
    }

    @Test func aReadOfAFilteredRecordFailsWith27AndItsMetadata() async throws {
        let store = try await filled().store
        #expect(try await store.get(key("k7"), bins: nil, policy: ReadPolicy(filter: Self.overFive))[bin: "v"] == .int(7))
        do {
            _ = try await store.get(key("k3"), bins: nil, policy: ReadPolicy(filter: Self.overFive))
            Issue.record("a filtered read returned")
        } catch {
            #expect(error.code == .filteredOut)
            #expect(error.metadata?.generation == 1)
        }
        // A missing record is not found, filter or not.
        #expect(await code { () async throws(AerospikeError) in try await store.get(key("nope"), bins: nil, policy: ReadPolicy(filter: Self.overFive)) } == .recordNotFound)
        #expect(await code { () async throws(AerospikeError) in try await store.exists(key("k3"), policy: ReadPolicy(filter: Self.overFive)) } == .filteredOut)
    }

    @Test func writesAndRemovesOfAFilteredRecordDoNothing() async throws {
        let store = try await filled().store
        let policy = WritePolicy(filter: Self.overFive)
        #expect(await code { () async throws(AerospikeError) in try await store.put(key("k2"), bins: [Bin("v", .int(100))], policy: policy) } == .filteredOut)
        #expect(await code { () async throws(AerospikeError) in try await store.remove(key("k2"), policy: policy) } == .filteredOut)
        #expect(try await store.get(key("k2"), bins: nil, policy: ReadPolicy())[bin: "v"] == .int(2))
        try await store.put(key("k8"), bins: [Bin("v", .int(80))], policy: policy)
        #expect(try await store.get(key("k8"), bins: nil, policy: ReadPolicy()).generation == 2)
        // A record that does not exist is created: there is nothing to filter.
        try await store.put(key("new"), bins: [Bin("v", .int(1))], policy: policy)
    }

    @Test func aBatchMarksEachFilteredKeyAndAScanSkipsThem() async throws {
        let store = try await filled().store
        let results = try await store.batchRead((0..<10).map { key("k\($0)") }, bins: .all, policy: ReadPolicy(filter: Self.overFive))
        #expect(results.map { $0.outcome == .failed(.filteredOut) } == (0..<10).map { $0 <= 5 })
        var policy = ReadPolicy()
        policy.filter = .regex("^user[2-4]$", flags: 0, .bin("s", .string))
        let scanned = try await store.scanAll(ScanRequest(namespace: "test", set: "demo", policy: policy))
        #expect(Set(scanned.compactMap { $0[bin: "s"] }) == [.string("user2"), .string("user3"), .string("user4")])
    }

    @Test func metadataIsReadAsAServerReadsIt() async throws {
        let fixture = try await filled()
        let store = fixture.store
        var ttlPolicy = WritePolicy()
        ttlPolicy.ttl = .seconds(100)
        try await store.put(key("short"), bins: [Bin("v", .int(1))], policy: ttlPolicy)
        fixture.clock.advance(by: 30)
        func passes(_ expression: Expression, _ pk: String) async -> Bool {
            await code { () async throws(AerospikeError) in try await store.get(key(pk), bins: nil, policy: ReadPolicy(filter: expression)) } == nil
        }
        #expect(await passes(.comparison(.equal, .metadata(.ttl), .literal(.int(70))), "short"))
        #expect(await passes(.comparison(.equal, .metadata(.ttl), .literal(.int(-1))), "k1") == false)
        #expect(await passes(.comparison(.equal, .metadata(.sinceUpdate), .literal(.int(30_000))), "short"))
        // Flags 0 is basic POSIX syntax, where '+' is a plain character, as on a server.
        #expect(await passes(.regex("^user[0-9]+$", flags: 0, .bin("s", .string)), "k1") == false)
        #expect(await passes(.regex("^user[0-9]+$", flags: 1, .bin("s", .string)), "k1"))
        #expect(await passes(.comparison(.equal, .metadata(.setName), .literal(.string("demo"))), "k1"))
        #expect(await passes(.metadata(.keyExists), "k1") == false)
        #expect(await passes(.comparison(.greater, .metadata(.recordSize), .literal(.int(40))), "k1"))
        let lastUpdate = Int64(fixture.clock.unixSeconds() - 30) * 1_000_000_000  // a manual clock's milliseconds are whole seconds
        #expect(await passes(.comparison(.equal, .metadata(.lastUpdate), .literal(.int(lastUpdate))), "short"))
    }
}
