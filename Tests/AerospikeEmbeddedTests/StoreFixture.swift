import AerospikeCore
import AerospikeSemantics
import AerospikeEmbedded
import AerospikeWire
#if canImport(Glibc)
import Glibc
#endif

/// A store (in memory unless a path is given) on a clock the test controls.
struct StoreFixture {
    let clock = ManualClock()
    let store: EmbeddedStore
    let path: String

    init(namespaces: [NamespaceConfig] = NamespaceConfig.defaults, path: String = EmbeddedStore.inMemoryPath) async throws {
        self.path = path
        store = try EmbeddedStore(path: path, namespaces: namespaces, clock: clock)
    }
}

/// A path for a store file in a fresh temporary folder.
func temporaryStorePath() -> String {
    var template = Array("/tmp/aerosh-store-XXXXXX".utf8CString)
    let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    return directory + "/store.db"
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
