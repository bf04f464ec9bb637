/// A list or map operation ("CDT", collection data type) on one bin, or on a list or map
/// nested inside it: what the clients' `list_operations` / `map_operations` build.
///
/// A server applies it to the bin's current value and, for most operations, returns a
/// result in the bin's name (a size, a value, a list of indexes…). Reads of an absent bin
/// return nothing; writes create the bin when it is absent.
public struct CDTOperation: Sendable, Hashable {
    public var binName: String
    /// The path from the bin's value to the list or map operated on; empty for the bin
    /// itself. `[.mapKey("x"), .listIndex(1)]` operates on `bin["x"][1]`.
    public var context: [CDTContext]
    public var action: Action

    public enum Action: Sendable, Hashable {
        case list(ListOperation)
        case map(MapOperation)
    }

    public init(binName: String, context: [CDTContext] = [], _ action: Action) {
        self.binName = binName
        self.context = context
        self.action = action
    }

    public static func list(_ binName: String, context: [CDTContext] = [], _ operation: ListOperation) -> CDTOperation {
        CDTOperation(binName: binName, context: context, .list(operation))
    }

    public static func map(_ binName: String, context: [CDTContext] = [], _ operation: MapOperation) -> CDTOperation {
        CDTOperation(binName: binName, context: context, .map(operation))
    }

    /// Whether the operation may change the bin (a CDT_MODIFY on the wire).
    public var isWrite: Bool {
        switch action {
        case .list(let operation): operation.isWrite
        case .map(let operation): operation.isWrite
        }
    }

    /// Whether it operates on a list (else a map).
    public var isList: Bool {
        if case .list = action { return true }
        return false
    }
}

/// What a selecting operation returns about the elements it selected (`return_type`).
public struct CDTReturn: Sendable, Hashable {
    public var type: CDTReturnType
    /// Select every element *but* those the selector names.
    public var inverted: Bool

    public init(_ type: CDTReturnType, inverted: Bool = false) {
        self.type = type
        self.inverted = inverted
    }

    /// The bit a client ORs into the return type to invert the selection.
    public static let invertedFlag: Int64 = 0x1_0000

    /// The wire form: the type's code, with the inverted bit.
    public var wireValue: Int64 {
        Int64(type.rawValue) | (inverted ? CDTReturn.invertedFlag : 0)
    }

    /// Reads the wire form; nil for an unknown type or stray bits.
    public init?(wireValue: Int64) {
        let inverted = wireValue & CDTReturn.invertedFlag != 0
        let code = wireValue & ~CDTReturn.invertedFlag
        guard (0...0xff).contains(code), let type = CDTReturnType(rawValue: UInt8(code)) else { return nil }
        self.init(type, inverted: inverted)
    }
}

/// The return types of the clients (`LIST_RETURN_*`, `MAP_RETURN_*`), with their codes.
public enum CDTReturnType: UInt8, Sendable, Hashable, CaseIterable {
    /// Nothing: the operation only removes (or only checks).
    case none = 0
    /// Positions, from the front (0 = first).
    case index = 1
    /// Positions, from the back (0 = last).
    case reverseIndex = 2
    /// Positions in value order (0 = smallest).
    case rank = 3
    /// Positions in reverse value order (0 = largest).
    case reverseRank = 4
    /// How many elements were selected.
    case count = 5
    /// Map keys.
    case key = 6
    /// Values (list elements, map values).
    case value = 7
    /// Map entries, as a map in selection order (a client shows it as a list of pairs).
    case keyValue = 8
    /// Whether anything was selected.
    case exists = 13
    /// Map entries as a plain map.
    case unorderedMap = 16
    /// Map entries as a key-ordered map.
    case orderedMap = 17
}
