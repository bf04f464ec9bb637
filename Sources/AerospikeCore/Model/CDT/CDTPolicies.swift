/// The order a server keeps a list in.
public enum ListOrder: UInt8, Sendable, Hashable, CaseIterable {
    /// Insertion order (the default).
    case unordered = 0
    /// Sorted by value after every write; appends go to their sorted place.
    case ordered = 1
}

/// How list writes treat duplicates and bounds (`LIST_WRITE_*`).
public struct ListWriteFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Refuse (ELEMENT_EXISTS) a value the list already holds.
    public static let addUnique = ListWriteFlags(rawValue: 0x01)
    /// Refuse (OP_NOT_APPLICABLE) an insert beyond the end instead of padding with nils.
    public static let insertBounded = ListWriteFlags(rawValue: 0x02)
    /// A refused write is skipped instead of failing the command.
    public static let noFail = ListWriteFlags(rawValue: 0x04)
    /// With NO_FAIL, a multi-item write keeps the items that were not refused.
    public static let partial = ListWriteFlags(rawValue: 0x08)
}

/// A list write's policy: the order for a list it creates, and its write flags. The order
/// only applies when the operation creates the list; an existing list keeps its own.
public struct ListPolicy: Sendable, Hashable {
    public var order: ListOrder
    public var flags: ListWriteFlags

    public init(order: ListOrder = .unordered, flags: ListWriteFlags = []) {
        self.order = order
        self.flags = flags
    }
}

/// How LIST_SORT sorts (`LIST_SORT_*`).
public struct ListSortFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let descending = ListSortFlags(rawValue: 0x01)
    /// Keep one of each run of equal values.
    public static let dropDuplicates = ListSortFlags(rawValue: 0x02)
}

/// The order a server keeps a map in. aerosh's store keeps every map key-ordered, which
/// answers index and key-range operations the same way for all three.
public enum MapOrder: UInt8, Sendable, Hashable, CaseIterable {
    case unordered = 0
    case keyOrdered = 1
    case keyValueOrdered = 3
}

/// How map writes treat existing and missing keys (`MAP_WRITE_FLAGS_*`).
public struct MapWriteFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Refuse (ELEMENT_EXISTS) a key the map already holds.
    public static let createOnly = MapWriteFlags(rawValue: 0x01)
    /// Refuse (ELEMENT_NOT_FOUND) a key the map does not hold.
    public static let updateOnly = MapWriteFlags(rawValue: 0x02)
    /// A refused write is skipped instead of failing the command.
    public static let noFail = MapWriteFlags(rawValue: 0x04)
    /// With NO_FAIL, a multi-item write keeps the items that were not refused.
    public static let partial = MapWriteFlags(rawValue: 0x08)
}

/// The older way of saying CREATE_ONLY / UPDATE_ONLY: a different operation code
/// (MAP_ADD, MAP_REPLACE) instead of flags. Clients still send it for a policy built with
/// a write mode.
public enum MapWriteMode: Sendable, Hashable, CaseIterable {
    case update
    case updateOnly
    case createOnly
}

/// A map write's policy: the order for a map it creates, and how it treats keys.
public struct MapPolicy: Sendable, Hashable {
    public var order: MapOrder
    public var flags: MapWriteFlags
    public var writeMode: MapWriteMode

    public init(order: MapOrder = .unordered, flags: MapWriteFlags = [], writeMode: MapWriteMode = .update) {
        self.order = order
        self.flags = flags
        self.writeMode = writeMode
    }

    /// Whether an existing key may be overwritten and a missing one created, combining
    /// the write mode and the flags as a server does.
    public var allowsOverwrite: Bool { writeMode != .createOnly && !flags.contains(.createOnly) }
    public var allowsCreate: Bool { writeMode != .updateOnly && !flags.contains(.updateOnly) }
}
