import AerospikeCore
import AerospikeSemantics
import AerospikeEmbedded
import AerospikeWire

/// An in-memory store on a clock the test controls.
struct StoreFixture {
    let clock = ManualClock()
    let store: EmbeddedStore

    init(namespaces: [NamespaceConfig] = NamespaceConfig.defaults) async throws {
        store = try await EmbeddedStore(path: EmbeddedStore.inMemoryPath, namespaces: namespaces, clock: clock)
    }
}

func key(_ pk: String, set: String? = "demo", namespace: String = "test") -> Key {
    Key(namespace: namespace, set: set, userKey: .string(pk))
}

/// The result code a call failed with, or nil when it succeeded.
func code<T>(_ body: () async throws(AerospikeError) -> T) async -> ResultCode? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error.code
    }
}
