import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork

/// Where completion finds namespace, set and bin names: the embedded store samples its
/// records; a cluster is asked for its namespaces (info `namespaces`) — its sets and bins
/// come from the statements typed in the session.
enum CompletionSource {
    static func names(from client: any AerospikeClient) async -> StoreNames? {
        if let store = client as? EmbeddedStore {
            return try? await store.names()
        }
        if let cluster = client as? WireClient, let answers = try? await cluster.info(["namespaces"]) {
            let namespaces = (answers["namespaces"] ?? "").split(separator: ";").map(String.init).sorted()
            return StoreNames(namespaces: namespaces)
        }
        return nil
    }
}
