import AerospikeCore
import AerospikeEmbedded
import AeroshLanguage

/// The namespace, set and bin names Tab offers: a sample read from the store, plus every
/// name the session's own statements used (which the sample may have missed).
struct CompletionNames: Sendable, Hashable {
    var namespaces: [String] = []
    var sets: [String: Set<String>] = [:]
    var bins: Set<String> = []
    /// Each namespace's secondary indexes, for DROP INDEX.
    var indexes: [String: Set<String>] = [:]

    init(namespaces: [String] = [], sets: [String: Set<String>] = [:], bins: Set<String> = [], indexes: [String: Set<String>] = [:]) {
        self.namespaces = namespaces
        self.sets = sets
        self.bins = bins
        self.indexes = indexes
    }

    /// Adds names read elsewhere; names already known stay.
    mutating func merge(_ other: CompletionNames) {
        for namespace in other.namespaces where !namespaces.contains(namespace) { namespaces.append(namespace) }
        namespaces.sort()
        for (namespace, names) in other.sets { sets[namespace, default: []].formUnion(names) }
        bins.formUnion(other.bins)
        for (namespace, names) in other.indexes { indexes[namespace, default: []].formUnion(names) }
    }

    /// Adds what a store read found; names already known stay.
    mutating func merge(_ store: StoreNames) {
        for namespace in store.namespaces where !namespaces.contains(namespace) { namespaces.append(namespace) }
        namespaces.sort()
        for (namespace, names) in store.sets { sets[namespace, default: []].formUnion(names) }
        bins.formUnion(store.bins)
    }

    /// Adds the set and bin names a statement mentions.
    mutating func note(_ statement: Statement) {
        if let key = statement.key, let set = key.set { sets[key.namespace, default: []].insert(set) }
        switch statement {
        case .put(_, let written, _): bins.formUnion(written.map(\.name))
        case .get(_, let names, _): bins.formUnion(names ?? [])
        case .increment(_, let bin, _), .append(_, let bin, _), .prepend(_, let bin, _): bins.insert(bin.name)
        case .removeBins(_, let names, _): bins.formUnion(names)
        case .operate(_, let operations, _, _), .batchOperate(_, let operations, _): bins.formUnion(operations.compactMap(\.binName))
        case .batchRead(_, .only(let names), _): bins.formUnion(names)
        case .batchPut(let entries, _): bins.formUnion(entries.flatMap { $0.operations.compactMap(\.binName) })
        case .scan(let query), .count(let query), .explainQuery(let query):
            if let set = query.set { sets[query.namespace, default: []].insert(set) }
            bins.formUnion(query.bins ?? [])
            if let condition = query.condition { bins.formUnion(condition.binNames) }
        case .createIndex(let index):
            if let set = index.set { sets[index.namespace, default: []].insert(set) }
            bins.insert(index.bin)
            indexes[index.namespace, default: []].insert(index.name)
        case .dropIndex(let namespace, _, let name):
            indexes[namespace]?.remove(name)
        case .truncate(let namespace, let set?, _):
            sets[namespace, default: []].insert(set)
        case .exists, .remove, .touch, .batchRead, .batchRemove, .set, .showSettings, .run, .help, .quit, .connect, .show, .info, .explain, .truncate:
            break
        }
    }
}
