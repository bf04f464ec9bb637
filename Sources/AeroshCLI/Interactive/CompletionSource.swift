import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork

/// Where completion finds namespace, set, bin and index names: the embedded store samples
/// its records; a cluster is asked for its namespaces (info `namespaces`) — its sets and
/// bins come from the statements typed in the session. Both are asked for their secondary
/// indexes (info `sindex-list`).
enum CompletionSource {
    static func names(from client: any AerospikeClient) async -> CompletionNames? {
        var names = CompletionNames()
        if let store = client as? EmbeddedStore {
            guard let found = try? await store.names() else { return nil }
            names.merge(found)
        } else if let cluster = client as? WireClient, let answers = try? await cluster.info(["namespaces"]) {
            names.namespaces = (answers["namespaces"] ?? "").split(separator: ";").map(String.init).sorted()
        } else {
            return nil
        }
        if let replies = try? await client.info("sindex-list", on: .any) {
            for reply in replies where InfoText.failure(reply.value) == nil {
                for record in InfoText.records(reply.value) {
                    guard let namespace = record["ns"], let name = record["indexname"] else { continue }
                    names.indexes[namespace, default: []].insert(name)
                }
            }
        }
        return names
    }
}
