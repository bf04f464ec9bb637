import AerospikeCore

/// One index of a node's `sindex-list` reply, read the one way SHOW INDEXES and the query
/// planner both need: a set-less index says `set=null` (older servers `NULL`), and servers
/// before 6 said `bins=` where later ones say `bin=`.
struct ListedIndex {
    let namespace: String
    let name: String
    let set: String?
    let bin: String?
    /// As the server wrote it (`numeric`, `string`…).
    let type: String?
    let state: String?

    /// The indexes of a reply, in its order; records without a name are left out.
    static func all(in reply: String, namespace: String) -> [ListedIndex] {
        InfoText.records(reply).compactMap { fields in
            guard let name = fields["indexname"] else { return nil }
            return ListedIndex(
                namespace: fields["ns"] ?? namespace, name: name,
                set: fields["set"].flatMap { $0.lowercased() == "null" || $0.isEmpty ? nil : $0 },
                bin: fields["bin"] ?? fields["bins"], type: fields["type"], state: fields["state"])
        }
    }

    /// The index as the client core models it; nil when the entry lacks a bin or a type.
    var definition: IndexDefinition? {
        guard let bin, let type else { return nil }
        let indexType: IndexType = ["string", "text"].contains(type.lowercased()) ? .string : .numeric
        return IndexDefinition(namespace: namespace, set: set, name: name, bin: bin, type: indexType)
    }
}
