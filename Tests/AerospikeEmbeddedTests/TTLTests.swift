import AerospikeCore
import AerospikeSemantics
import AerospikeEmbedded
import Testing

@Suite("TTL and expiry")
struct TTLTests {
    @Test func explicitTTLCountsDownAndExpires() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("t"), bins: [Bin("val", .int(1))], policy: WritePolicy(ttl: .seconds(300)))
        #expect(try await fixture.store.exists(key("t"), policy: ReadPolicy())?.ttl == .seconds(300))
        fixture.clock.advance(by: 100)
        #expect(try await fixture.store.exists(key("t"), policy: ReadPolicy())?.ttl == .seconds(200))
        fixture.clock.advance(by: 200)
        #expect(try await fixture.store.exists(key("t"), policy: ReadPolicy()) == nil)
        #expect(await code { () async throws(AerospikeError) in try await fixture.store.get(key("t"), bins: nil, policy: ReadPolicy()) } == .recordNotFound)
        // An expired record is gone: writing again starts a new one at generation 1.
        #expect(try await fixture.store.put(key("t"), bins: [Bin("val", .int(2))], policy: WritePolicy()).generation == 1)
    }

    @Test func neverExpireAndUnchanged() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("n"), bins: [Bin("val", .int(1))], policy: WritePolicy(ttl: .never))
        fixture.clock.advance(by: 10 * 365 * 86400)
        #expect(try await fixture.store.exists(key("n"), policy: ReadPolicy())?.ttl == .never)
        try await fixture.store.put(key("u"), bins: [Bin("val", .int(1))], policy: WritePolicy(ttl: .seconds(500)))
        fixture.clock.advance(by: 100)
        try await fixture.store.put(key("u"), bins: [Bin("val", .int(2))], policy: WritePolicy(ttl: .unchanged))
        #expect(try await fixture.store.exists(key("u"), policy: ReadPolicy())?.ttl == .seconds(400))
    }

    @Test func namespaceDefaultTTLIsConfigurable() async throws {
        let fixture = try await StoreFixture(namespaces: [NamespaceConfig(name: "test", defaultTTL: 60), NamespaceConfig(name: "forever", defaultTTL: 0)])
        #expect(try await fixture.store.put(key("d"), bins: [Bin("v", .int(1))], policy: WritePolicy()).ttl == .seconds(60))
        #expect(try await fixture.store.put(key("d", namespace: "forever"), bins: [Bin("v", .int(1))], policy: WritePolicy()).ttl == .never)
    }

    @Test func touchResetsTTLAndBumpsGeneration() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("touch"), bins: [Bin("v", .int(1))], policy: WritePolicy(ttl: .seconds(100)))
        let touched = try await fixture.store.touch(key("touch"), policy: WritePolicy(ttl: .seconds(600)))
        #expect(touched == RecordMetadata(generation: 2, ttl: .seconds(600)))
    }

    @Test func ttlOverTenYearsIsAParameterError() async throws {
        let fixture = try await StoreFixture()
        let failure = await code { () async throws(AerospikeError) in
            try await fixture.store.put(key("long"), bins: [Bin("v", .int(1))], policy: WritePolicy(ttl: .seconds(WriteTTL.maxSeconds + 1)))
        }
        #expect(failure == .parameterError)
    }
}
