import AerospikeCore

/// The keys of a BATCH READ, EXISTS, OPERATE or REMOVE as the statement wrote them: single
/// keys and ranges (`1..100`, `'user_{000..999}'`).
///
/// Ranges stay unexpanded until the batch runs. A key's digest is a RIPEMD-160 hash, and a
/// range may hold up to `Parser.maxBatchKeys` keys. Expanding at parse time made parsing
/// `(1..900000)` cost seconds, which the statements fuzzer found. Now each key and its digest
/// are made when the collection is read. Equality compares the statement as written, so
/// `(1..2)` and `(1, 2)` differ even though they name the same keys.
public struct BatchKeys: Sendable, Hashable, RandomAccessCollection {
    /// One item of the key list.
    public enum Item: Sendable, Hashable {
        case key(UserKey)
        /// `first..last` of integer keys.
        case integers(ClosedRange<Int64>)
        /// `'prefix{first..last}suffix'`: each number zero-padded to `width` digits.
        case numbered(prefix: String, numbers: ClosedRange<Int>, width: Int, suffix: String)

        var count: Int {
            switch self {
            case .key: 1
            case .integers(let range): Int(range.upperBound - range.lowerBound) + 1
            case .numbered(_, let numbers, _, _): numbers.count
            }
        }

        func userKey(at offset: Int) -> UserKey {
            switch self {
            case .key(let key):
                return key
            case .integers(let range):
                return .int(range.lowerBound + Int64(offset))
            case .numbered(let prefix, let numbers, let width, let suffix):
                let digits = String(numbers.lowerBound + offset)
                return .string(prefix + String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits + suffix)
            }
        }
    }

    public let namespace: String
    public let set: String?
    public private(set) var items: [Item] = []
    /// `ends[i]` is the number of keys in `items[0...i]`, for finding a position's item.
    private var ends: [Int] = []

    public init(namespace: String, set: String?, items: [Item] = []) {
        self.namespace = namespace
        self.set = set
        for item in items { append(item) }
    }

    /// The given keys, each its own item (all must share `namespace` and `set`).
    public init(namespace: String, set: String?, userKeys: [UserKey]) {
        self.init(namespace: namespace, set: set, items: userKeys.map(Item.key))
    }

    public mutating func append(_ item: Item) {
        items.append(item)
        ends.append(count + item.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.last ?? 0 }

    public subscript(position: Int) -> Key {
        precondition(position >= 0 && position < endIndex, "batch key index out of range")
        // The first item whose end is past the position holds it.
        var low = 0, high = ends.count - 1
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] > position { high = middle } else { low = middle + 1 }
        }
        let start = low == 0 ? 0 : ends[low - 1]
        return Key(namespace: namespace, set: set, userKey: items[low].userKey(at: position - start))
    }

    /// Every key with its digest, in order: what the client is given when the batch runs.
    public func expanded() -> [Key] {
        var keys: [Key] = []
        keys.reserveCapacity(count)
        for item in items {
            for offset in 0..<item.count {
                keys.append(Key(namespace: namespace, set: set, userKey: item.userKey(at: offset)))
            }
        }
        return keys
    }
}
