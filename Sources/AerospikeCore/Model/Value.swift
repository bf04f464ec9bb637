/// A bin value, with every particle type a user can write.
///
/// Maps are ordered pairs rather than a dictionary: Aerospike map keys may be of any scalar
/// type, and keeping the order a user wrote makes output predictable.
/// Not `indirect`: lists and maps already hold their elements in arrays, so no case needs a
/// box of its own, and an indirect enum allocated one for every value, integers included
/// (three allocations per bin of a parsed PUT, one per bin of every record decoded).
public enum Value: Sendable, Hashable {
    case `nil`
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    /// A list; `ordered` when it is one a server keeps sorted (created ORDERED, or given
    /// that order by LIST_SET_ORDER). Every reader treats it as a list; the flag only
    /// changes what list writes do (appends go to their sorted place, insert and set by
    /// index are refused), and it travels with the value as a server's msgpack carries it.
    case list([Value], ordered: Bool = false)
    case map([MapEntry])
    /// GeoJSON text, stored as its own particle type so geo queries can index it.
    case geoJSON(String)

    /// How many lists and maps may nest inside one another, everywhere a value is read
    /// (the parser, msgpack): deep enough for any document, shallow enough that recursion
    /// over a value never exhausts a thread's stack.
    public static let maxNestingDepth = 100

    /// A short name for messages ("expected an integer, got a string").
    public var typeName: String {
        switch self {
        case .nil: "null"
        case .int: "integer"
        case .double: "float"
        case .bool: "boolean"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .geoJSON: "GeoJSON"
        }
    }
}

/// One key/value pair of a map value.
public struct MapEntry: Sendable, Hashable {
    public var key: Value
    public var value: Value

    public init(_ key: Value, _ value: Value) {
        self.key = key
        self.value = value
    }
}
