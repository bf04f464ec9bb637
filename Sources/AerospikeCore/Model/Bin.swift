/// A named value in a record. Bin names are at most 15 bytes of UTF-8.
public struct Bin: Sendable, Hashable {
    public static let maxNameBytes = 15

    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// True when `name` fits the server's limit; checked before anything is sent or stored.
    public static func isValidName(_ name: String) -> Bool {
        name.utf8.count <= maxNameBytes
    }
}

extension Array where Element == Bin {
    /// Merges read results the way `operate` does: one bin per name, the last value winning,
    /// in order of first appearance.
    public func mergedByName() -> [Bin] {
        var merged: [Bin] = []
        for bin in self {
            if let index = merged.firstIndex(where: { $0.name == bin.name }) {
                merged[index] = bin
            } else {
                merged.append(bin)
            }
        }
        return merged
    }
}
