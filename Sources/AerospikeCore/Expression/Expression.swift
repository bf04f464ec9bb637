/// A filter expression: a tree a server evaluates against each record before it reads,
/// writes or returns it (Aerospike's "expressions", the `filter_expression` of a policy).
/// A record for which the tree is not `true` — false, or unknown because a bin is missing
/// or of another type — is filtered out.
///
/// The cases are the expression operations aerosh speaks; `AerospikeWire` encodes them as
/// the official clients do (msgpack `[op, args…]` trees) and `AerospikeSemantics`
/// evaluates them as a server does.
public indirect enum Expression: Sendable, Hashable {
    /// A constant: integer, float, string, bytes, boolean, nil.
    case literal(Value)
    /// The value of a bin read as the given type; unknown when the bin is missing or holds
    /// another type.
    case bin(String, ExpressionType)
    /// The particle type of a bin (0 when absent): what `IS NULL` / `IS NOT NULL` ask.
    case binType(String)
    case comparison(ComparisonOperator, Expression, Expression)
    /// The string matches the POSIX extended regular expression.
    case regex(String, flags: Int64, Expression)
    case and([Expression])
    case or([Expression])
    case not(Expression)
    /// `+ - * /` over integers or floats (not mixed, as on a server).
    case arithmetic(ArithmeticOperator, [Expression])
    /// Record metadata: TTL, last update, set name…
    case metadata(MetadataExpression)
    /// A read inside a list or map bin.
    case collection(CollectionRead)
}

/// The types an expression value can have, with a server's codes.
public enum ExpressionType: Int64, Sendable, Hashable, CaseIterable {
    case `nil` = 0
    case bool = 1
    case int = 2
    case string = 3
    case list = 4
    case map = 5
    case blob = 6
    case float = 7
    case geoJSON = 8
    case hll = 9

    /// The type of a constant.
    public init(of value: Value) {
        switch value {
        case .nil: self = .nil
        case .bool: self = .bool
        case .int: self = .int
        case .double: self = .float
        case .string: self = .string
        case .bytes: self = .blob
        case .list: self = .list
        case .map: self = .map
        case .geoJSON: self = .geoJSON
        }
    }

    public var name: String {
        switch self {
        case .nil: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .string: "string"
        case .list: "list"
        case .map: "map"
        case .blob: "bytes"
        case .float: "float"
        case .geoJSON: "GeoJSON"
        case .hll: "HLL"
        }
    }
}

/// The comparisons, with a server's operation codes.
public enum ComparisonOperator: Int64, Sendable, Hashable, CaseIterable {
    case equal = 1
    case notEqual = 2
    case greater = 3
    case greaterOrEqual = 4
    case less = 5
    case lessOrEqual = 6

    public var symbol: String {
        switch self {
        case .equal: "="
        case .notEqual: "!="
        case .greater: ">"
        case .greaterOrEqual: ">="
        case .less: "<"
        case .lessOrEqual: "<="
        }
    }
}

/// Arithmetic, with a server's operation codes.
public enum ArithmeticOperator: Int64, Sendable, Hashable, CaseIterable {
    case add = 20
    case subtract = 21
    case multiply = 22
    case divide = 23

    public var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        }
    }
}

/// Record metadata an expression can read, with a server's operation codes and units.
public enum MetadataExpression: Sendable, Hashable {
    /// The digest's value modulo n (an integer).
    case digestModulo(Int64)
    /// Nanoseconds since the Unix epoch of the last write.
    case lastUpdate
    /// Milliseconds since the last write.
    case sinceUpdate
    /// Nanoseconds since the Unix epoch when the record expires; -1 when it never does.
    case voidTime
    /// Seconds left; -1 when the record never expires.
    case ttl
    /// The record's set name (a string).
    case setName
    /// Whether the record was stored with its user key.
    case keyExists
    /// Whether the record is a tombstone (always false: no durable deletes here).
    case isTombstone
    /// The record's size in bytes, as the server counts it.
    case recordSize

    public var code: Int64 {
        switch self {
        case .digestModulo: 64
        case .lastUpdate: 66
        case .sinceUpdate: 67
        case .voidTime: 68
        case .ttl: 69
        case .setName: 70
        case .keyExists: 71
        case .isTombstone: 72
        case .recordSize: 74
        }
    }

    /// The type of value it yields.
    public var type: ExpressionType {
        switch self {
        case .setName: .string
        case .keyExists, .isTombstone: .bool
        case .digestModulo, .lastUpdate, .sinceUpdate, .voidTime, .ttl, .recordSize: .int
        }
    }
}

/// A read inside a list or map bin, as the clients' `ListExp`/`MapExp` build it: a CDT
/// read operation applied to a bin, yielding a value of `type`.
public struct CollectionRead: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The number of elements of a list.
        case listSize
        /// The list element at an index (negative: from the end).
        case listValue(index: Int64)
        /// The number of entries of a map.
        case mapSize
        /// The value stored under a key of a map.
        case mapValue(key: Value)
    }

    public var kind: Kind
    /// The bin holding the list or map.
    public var bin: String
    /// The type of the value read (an integer for sizes).
    public var type: ExpressionType

    public init(_ kind: Kind, bin: String, type: ExpressionType) {
        self.kind = kind
        self.bin = bin
        self.type = type
    }
}

extension Expression {
    /// The bins the expression reads.
    public var binNames: Set<String> {
        switch self {
        case .literal, .metadata: []
        case .bin(let name, _), .binType(let name): [name]
        case .comparison(_, let a, let b): a.binNames.union(b.binNames)
        case .regex(_, _, let subject), .not(let subject): subject.binNames
        case .and(let operands), .or(let operands), .arithmetic(_, let operands): operands.reduce(into: []) { $0.formUnion($1.binNames) }
        case .collection(let read): [read.bin]
        }
    }
}
