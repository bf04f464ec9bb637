/// The type byte that precedes every value on the wire: in an op, in the KEY field, and
/// (for strings and blobs) as the first payload byte of a msgpack str.
public enum ParticleType: UInt8, Sendable, CaseIterable {
    case null = 0
    case integer = 1
    case float = 2
    case string = 3
    case blob = 4
    // Language-serialized objects: opaque bytes to anything but the client that wrote them.
    case javaBlob = 7
    case csharpBlob = 8
    case pythonBlob = 9
    case rubyBlob = 10
    case phpBlob = 11
    case erlangBlob = 12
    case vector = 16
    case bool = 17
    case hll = 18
    case map = 19
    case list = 20
    case geoJSON = 23
}

extension ParticleType {
    /// How error messages name the type ("a list particle holds …").
    var name: String {
        switch self {
        case .null: "null"
        case .integer: "integer"
        case .float: "float"
        case .string: "string"
        case .blob: "blob"
        case .javaBlob: "Java blob"
        case .csharpBlob: "C# blob"
        case .pythonBlob: "Python blob"
        case .rubyBlob: "Ruby blob"
        case .phpBlob: "PHP blob"
        case .erlangBlob: "Erlang blob"
        case .vector: "vector"
        case .bool: "bool"
        case .hll: "HLL"
        case .map: "map"
        case .list: "list"
        case .geoJSON: "GeoJSON"
        }
    }

    /// Types whose bytes this layer can only hand on as `Value.bytes`.
    var isOpaqueBlob: Bool {
        switch self {
        case .blob, .javaBlob, .csharpBlob, .pythonBlob, .rubyBlob, .phpBlob, .erlangBlob, .hll, .vector: true
        case .null, .integer, .float, .string, .bool, .map, .list, .geoJSON: false
        }
    }
}
