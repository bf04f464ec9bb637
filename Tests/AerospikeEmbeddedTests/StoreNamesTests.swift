import AerospikeCore
import AerospikeSemantics
import AerospikeEmbedded
import Testing

/// `EmbeddedStore.names`: what the interactive shell completes.
@Suite("Store names")
struct StoreNamesTests {
    @Test func anEmptyStoreHasItsNamespacesAndNothingElse() async throws {
        let fixture = try await StoreFixture(namespaces: NamespaceConfig.defaults + [NamespaceConfig(name: "users")])
        let names = try await fixture.store.names()
        #expect(names == StoreNames(namespaces: ["bar", "test", "users"]))
    }

    @Test func setsPerNamespaceAndBinNamesOfEveryRecord() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        _ = try await store.put(key("a", set: "people"), bins: [Bin("name", .string("Ann")), Bin("age", .int(3))], policy: WritePolicy())
        _ = try await store.put(key("b", set: "orders"), bins: [Bin("total", .double(9.5))], policy: WritePolicy())
        _ = try await store.put(key("c", set: nil), bins: [Bin("flag", .bool(true))], policy: WritePolicy())
        _ = try await store.put(key("d", set: "archive", namespace: "bar"), bins: [Bin("name", .string("x"))], policy: WritePolicy())
        let names = try await store.names()
        #expect(names.namespaces == ["bar", "test"])
        #expect(names.sets == ["test": ["orders", "people"], "bar": ["archive"]])
        #expect(names.bins == ["age", "flag", "name", "total"])
    }

    @Test func theSampleIsBoundedPerNamespace() async throws {
        let fixture = try await StoreFixture()
        for index in 0..<20 {
            _ = try await fixture.store.put(key("k\(index)", set: "s\(index)"), bins: [Bin("b\(index)", .int(1))], policy: WritePolicy())
        }
        _ = try await fixture.store.put(key("z", set: "other", namespace: "bar"), bins: [Bin("only", .int(1))], policy: WritePolicy())
        let names = try await fixture.store.names(sampleLimit: 5)
        #expect(names.sets["test"]?.count == 5)
        #expect(names.bins.count == 6)
        #expect(names.sets["bar"] == ["other"])
        #expect(names.bins.contains("only"))
    }

    @Test func removedBinsAndRecordsLeaveTheNames() async throws {
        let fixture = try await StoreFixture()
        _ = try await fixture.store.put(key("a"), bins: [Bin("keep", .int(1)), Bin("drop", .int(2))], policy: WritePolicy())
        _ = try await fixture.store.put(key("b", set: "gone"), bins: [Bin("old", .int(1))], policy: WritePolicy())
        _ = try await fixture.store.removeBins(key("a"), ["drop"], policy: WritePolicy())
        try await fixture.store.remove(key("b", set: "gone"), policy: WritePolicy())
        let names = try await fixture.store.names()
        #expect(names.bins == ["keep"])
        #expect(names.sets == ["test": ["demo"]])
    }
}
