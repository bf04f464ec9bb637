import AerospikeCore

/// Answers the info commands about data — namespaces, sets, secondary indexes, truncation
/// — from a store, in the words a real 8.1 server uses. One place for what the embedded
/// store's `info` and `aerosh serve` must both answer, so a tool that parses a server's
/// replies (aerosh's own SHOW, asadm, the official clients' index calls) parses ours.
package struct DataInfoResponder: Sendable {
    let store: any SynchronousAerospikeClient
    /// The partitions this node masters: a set's `objects` counts only those, as each
    /// node of a cluster reports its own.
    let owned: @Sendable (Int) -> Bool
    let clusterSize: Int

    package init(store: any SynchronousAerospikeClient, clusterSize: Int = 1, owned: @escaping @Sendable (Int) -> Bool = { _ in true }) {
        self.store = store
        self.clusterSize = clusterSize
        self.owned = owned
    }

    /// The reply to `command`, or nil when it is not a data command.
    package func value(for command: String) -> String? {
        let (name, parameters) = DataInfoResponder.split(command)
        do {
            switch name {
            case "namespaces":
                return store.namespaceNames.joined(separator: ";")
            case "sets":
                return try sets(parameters.isEmpty ? [] : parameters.split(separator: "/").map(String.init))
            case "sindex", "sindex-list":
                let namespace = DataInfoResponder.parameter(parameters, "ns") ?? DataInfoResponder.parameter(parameters, "namespace")
                    ?? (name == "sindex" && !parameters.isEmpty ? parameters : nil)
                return try indexList(namespace: namespace)
            case "sindex-create":
                return try createIndex(parameters)
            case "sindex-delete":
                guard let namespace = namespaceParameter(parameters), let index = DataInfoResponder.parameter(parameters, "indexname") else {
                    return "ERROR:4:missing 'namespace' or 'indexname'"
                }
                try store.dropIndex(namespace: namespace, name: index)
                return "ok"
            case "sindex-exists":
                guard let namespace = namespaceParameter(parameters), let index = DataInfoResponder.parameter(parameters, "indexname") else {
                    return "ERROR:4:missing 'namespace' or 'indexname'"
                }
                return try store.indexes(namespace: namespace).contains { $0.name == index } ? "true" : "false"
            case "sindex-stat":
                guard let namespace = namespaceParameter(parameters), let index = DataInfoResponder.parameter(parameters, "indexname") else {
                    return "ERROR:4:missing 'namespace' or 'indexname'"
                }
                guard try store.indexes(namespace: namespace).contains(where: { $0.name == index }) else {
                    return "ERROR:201:no index"
                }
                let entries = try store.indexEntries(namespace: namespace, name: index)
                return "entries=\(entries);used_bytes=0;entries_per_bval=1;entries_per_rec=1;load_pct=100;load_time=0;stat_gc_recs=0"
            case "truncate", "truncate-namespace":
                guard let namespace = namespaceParameter(parameters) else { return "ERROR:4:missing 'namespace'" }
                let set = name == "truncate" ? DataInfoResponder.parameter(parameters, "set") : nil
                var before: UInt64?
                if let lut = DataInfoResponder.parameter(parameters, "lut") {
                    // Nanoseconds since the Unix epoch, as the clients send it.
                    guard let nanoseconds = UInt64(lut) else { return "ERROR:4:bad 'lut'" }
                    before = nanoseconds / 1_000_000_000
                }
                try store.truncate(namespace: namespace, set: set, before: before)
                return "ok"
            case "namespace":
                return try namespaceStatistics(parameters)
            default:
                return nil
            }
        } catch {
            return "ERROR:\(error.code.rawValue):\(error.message ?? error.code.name)"
        }
    }

    private func namespaceParameter(_ parameters: String) -> String? {
        DataInfoResponder.parameter(parameters, "namespace") ?? DataInfoResponder.parameter(parameters, "ns")
    }

    /// `sets`, `sets/ns`, `sets/ns/set`: one `ns=…:set=…:objects=…` record per set.
    private func sets(_ path: [String]) throws(AerospikeError) -> String {
        let namespaces = path.isEmpty ? store.namespaceNames : [path[0]]
        var text = ""
        for namespace in namespaces {
            guard store.namespaceNames.contains(namespace) else { return "ERROR:20:namespace not found" }
            let indexes = try store.indexes(namespace: namespace)
            for set in try store.setStatistics(namespace: namespace, owned: owned) where path.count < 2 || set.name == path[1] {
                let count = indexes.filter { $0.set == set.name }.count
                text += "ns=\(namespace):set=\(set.name):objects=\(set.objects):tombstones=0:data_used_bytes=\(set.dataBytes)"
                text += ":truncate_lut=0:sindexes=\(count):index_populating=false:truncating=false:default-read-touch-ttl-pct=0"
                text += ":default-ttl=0:disable-eviction=false:enable-index=false:stop-writes-count=0:stop-writes-size=0;"
            }
        }
        return text
    }

    /// `sindex-list`: one record per index, as 8.1 writes them, without a trailing `;`.
    private func indexList(namespace: String?) throws(AerospikeError) -> String {
        let namespaces = namespace.map { [$0] } ?? store.namespaceNames
        var records: [String] = []
        for namespace in namespaces {
            guard store.namespaceNames.contains(namespace) else { return "ERROR:20:namespace not found" }
            for index in try store.indexes(namespace: namespace) {
                records.append(DataInfoResponder.listRecord(index))
            }
        }
        return records.joined(separator: ";")
    }

    package static func listRecord(_ index: IndexDefinition) -> String {
        "ns=\(index.namespace):indexname=\(index.name):set=\(index.set ?? "null"):bin=\(index.bin)"
            + ":type=\(index.type.rawValue.lowercased()):indextype=default:context=null:exp=null:state=RW"
    }

    private func createIndex(_ parameters: String) throws(AerospikeError) -> String {
        guard let namespace = namespaceParameter(parameters) else { return "ERROR:4:missing 'namespace'" }
        guard let name = DataInfoResponder.parameter(parameters, "indexname"), !name.isEmpty else { return "ERROR:4:missing 'indexname'" }
        // `bin=` since 8.0; older clients send `indexdata=bin,type`.
        var bin = DataInfoResponder.parameter(parameters, "bin")
        var typeText = DataInfoResponder.parameter(parameters, "type")
        if let data = DataInfoResponder.parameter(parameters, "indexdata") {
            let parts = data.split(separator: ",").map(String.init)
            bin = bin ?? parts.first
            typeText = typeText ?? (parts.count > 1 ? parts[1] : nil)
        }
        guard let bin, !bin.isEmpty else { return "ERROR:4:missing 'bin'" }
        guard let type = typeText.flatMap({ IndexType(rawValue: $0.uppercased()) }) else {
            return "ERROR:4:bad 'type' - must be 'numeric' or 'string'"
        }
        if let indexType = DataInfoResponder.parameter(parameters, "indextype"), indexType.lowercased() != "default" {
            return "ERROR:4:index type '\(indexType)' is not supported by this server"
        }
        let set = DataInfoResponder.parameter(parameters, "set").flatMap { $0.isEmpty ? nil : $0 }
        try store.createIndex(IndexDefinition(namespace: namespace, set: set, name: name, bin: bin, type: type))
        return "ok"
    }

    private func namespaceStatistics(_ namespace: String) throws(AerospikeError) -> String {
        guard store.namespaceNames.contains(namespace) else { return "ERROR:20:namespace not found" }
        let sets = try store.setStatistics(namespace: namespace, owned: owned)
        let objects = sets.reduce(0) { $0 + $1.objects }
        let bytes = sets.reduce(0) { $0 + $1.dataBytes }
        let indexes = try store.indexes(namespace: namespace).count
        return [
            "ns_cluster_size=\(clusterSize)", "effective_replication_factor=1", "objects=\(objects)", "tombstones=0",
            "master_objects=\(objects)", "master_tombstones=0", "prole_objects=0", "prole_tombstones=0",
            "non_replica_objects=0", "dead_partitions=0", "unavailable_partitions=0", "stop_writes=false",
            "hwm_breached=false", "truncate_lut=0", "truncating=false", "sindexes=\(indexes)", "data_used_bytes=\(bytes)",
            "replication-factor=1", "storage-engine=device",
        ].joined(separator: ";")
    }

    /// `name:params` or `name/params`.
    package static func split(_ command: String) -> (name: String, parameters: String) {
        guard let separator = command.firstIndex(where: { $0 == ":" || $0 == "/" }) else { return (command, "") }
        return (String(command[..<separator]), String(command[command.index(after: separator)...]))
    }

    /// The value of `name=` in `a=1;b=2`.
    package static func parameter(_ parameters: String, _ name: String) -> String? {
        InfoText.pairs(parameters, separator: ";").first { $0.0 == name }?.1
    }
}
