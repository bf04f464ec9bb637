/// What a query asks a secondary index for: records whose bin equals a value, or whose
/// integer bin lies in a range (both ends included), as `equals` and `between` do.
public enum IndexFilter: Sendable, Hashable {
    case equal(bin: String, IndexKey)
    case range(bin: String, Int64, Int64)

    public var bin: String {
        switch self {
        case .equal(let bin, _), .range(let bin, _, _): bin
        }
    }

    /// The type of index that can answer it.
    public var indexType: IndexType {
        switch self {
        case .equal(_, .int), .range: .numeric
        case .equal(_, .string): .string
        }
    }

    /// Whether a bin's value is one the filter selects (a value of another type never is).
    public func matches(_ value: Value) -> Bool {
        switch (self, value) {
        case (.equal(_, .int(let wanted)), .int(let found)): wanted == found
        case (.equal(_, .string(let wanted)), .string(let found)): wanted == found
        case (.range(_, let low, let high), .int(let found)): low <= found && found <= high
        default: false
        }
    }
}

/// A value a secondary index holds.
public enum IndexKey: Sendable, Hashable {
    case int(Int64)
    case string(String)

    /// The index key of a bin value, if an index of `type` indexes it.
    public init?(_ value: Value, type: IndexType) {
        switch (value, type) {
        case (.int(let number), .numeric): self = .int(number)
        case (.string(let text), .string): self = .string(text)
        default: return nil
        }
    }
}

/// The kinds of secondary index (on a bin's own value; list and map element indexes are
/// not supported).
public enum IndexType: String, Sendable, Hashable, CaseIterable {
    case numeric = "NUMERIC"
    case string = "STRING"
}

/// A secondary index: its name (unique in its namespace), the set it covers (nil: every
/// record of the namespace) and the bin it indexes.
public struct IndexDefinition: Sendable, Hashable {
    public var namespace: String
    public var set: String?
    public var name: String
    public var bin: String
    public var type: IndexType

    public init(namespace: String, set: String?, name: String, bin: String, type: IndexType) {
        self.namespace = namespace
        self.set = set
        self.name = name
        self.bin = bin
        self.type = type
    }
}
