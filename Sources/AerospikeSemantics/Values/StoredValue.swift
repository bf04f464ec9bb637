import AerospikeCore

/// The shape a server gives a value when it stores it, and the values it refuses.
public enum StoredValue {
    /// A server keeps every map key-ordered, at every nesting level (inside maps and
    /// lists too): `{z: 1, a: 2, 3: 'n'}` reads back as `{3: 'n', a: 2, z: 1}`. Lists keep
    /// their order.
    public static func normalized(_ value: Value) -> Value {
        switch value {
        case .list(let items, let ordered):
            return .list(items.map(normalized), ordered: ordered)
        case .map(let entries):
            let normal = entries.map { MapEntry(normalized($0.key), normalized($0.value)) }
            // A stable sort: entries with equal keys keep the order they were given in.
            return .map(normal.enumerated().sorted { lhs, rhs in
                switch ValueOrder.compare(lhs.element.key, rhs.element.key) {
                case .ascending: true
                case .descending: false
                case .same: lhs.offset < rhs.offset
                }
            }.map(\.element))
        default:
            return value
        }
    }

    /// Whether a server takes `key` as a map key: integers, strings and blobs.
    public static func isValidMapKey(_ key: Value) -> Bool {
        switch key {
        case .int, .string, .bytes: true
        case .nil, .bool, .double, .list, .map, .geoJSON: false
        }
    }

    /// Whether lists and maps nest in `value` more than `limit` levels deep (`[1]` is one
    /// level). Walks no deeper than `limit + 1`, whatever the value.
    public static func nestsDeeper(than limit: Int, _ value: Value) -> Bool {
        switch value {
        case .list(let items, _):
            return limit == 0 || items.contains { nestsDeeper(than: limit - 1, $0) }
        case .map(let entries):
            return limit == 0 || entries.contains { nestsDeeper(than: limit - 1, $0.key) || nestsDeeper(than: limit - 1, $0.value) }
        default:
            return false
        }
    }

    /// The first map key, at any depth, that a server would refuse.
    public static func invalidMapKey(in value: Value) -> Value? {
        switch value {
        case .list(let items, _):
            for item in items {
                if let bad = invalidMapKey(in: item) { return bad }
            }
            return nil
        case .map(let entries):
            for entry in entries {
                if !isValidMapKey(entry.key) { return entry.key }
                if let bad = invalidMapKey(in: entry.value) { return bad }
            }
            return nil
        default:
            return nil
        }
    }
}
