import AerospikeCore

/// The trailing options a statement may carry: `TTL 60`, `CREATE ONLY`, `SEND KEY`,
/// `IF GEN = 3`, `TIMEOUT 50ms`, `DURABLE`, `WHERE <condition>` (a filter expression). nil
/// means "not given": session defaults apply.
public struct StatementOptions: Sendable, Hashable {
    public var ttl: WriteTTL?
    public var exists: ExistsAction?
    public var generation: GenerationPolicy?
    public var sendKey: Bool?
    public var timeout: Duration?
    public var durable: Bool?
    /// `WHERE …` on a record or batch statement: only records it is true for are read or
    /// written; the others are reported as filtered out.
    public var filter: Expression?

    public init(
        ttl: WriteTTL? = nil,
        exists: ExistsAction? = nil,
        generation: GenerationPolicy? = nil,
        sendKey: Bool? = nil,
        timeout: Duration? = nil,
        durable: Bool? = nil,
        filter: Expression? = nil
    ) {
        self.ttl = ttl
        self.exists = exists
        self.generation = generation
        self.sendKey = sendKey
        self.timeout = timeout
        self.durable = durable
        self.filter = filter
    }

    /// The kinds of option, for "TTL does not apply to GET".
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ttl = "TTL"
        case exists = "CREATE ONLY / UPDATE ONLY / REPLACE ONLY / REPLACE"
        case generation = "IF GEN"
        case sendKey = "SEND KEY"
        case timeout = "TIMEOUT"
        case durable = "DURABLE"
        case filter = "WHERE"

        /// The option a word starts, if any (`CREATE` of CREATE ONLY, `IF` of IF GEN, …).
        public init?(keyword word: String) {
            switch word.uppercased() {
            case "TTL": self = .ttl
            case "CREATE", "UPDATE", "REPLACE": self = .exists
            case "IF": self = .generation
            case "SEND": self = .sendKey
            case "TIMEOUT": self = .timeout
            case "DURABLE": self = .durable
            case "WHERE": self = .filter
            default: return nil
            }
        }

        /// The words that start these options, in the order help lists them.
        public static func words(for kinds: Kinds) -> [String] {
            allCases.filter(kinds.contains).flatMap { kind -> [String] in
                switch kind {
                case .ttl: ["TTL"]
                case .exists: ["CREATE", "UPDATE", "REPLACE"]
                case .generation: ["IF"]
                case .sendKey: ["SEND"]
                case .timeout: ["TIMEOUT"]
                case .durable: ["DURABLE"]
                case .filter: ["WHERE"]
                }
            }
        }
    }

    /// A set of option kinds as bits: the parser builds and tests one per statement, where
    /// a hashed `Set` cost a tenth of the parse.
    public struct Kinds: Sendable, Hashable, ExpressibleByArrayLiteral {
        private var bits: UInt8 = 0

        public init(arrayLiteral kinds: Kind...) {
            for kind in kinds { bits |= Kinds.bit(kind) }
        }

        public func contains(_ kind: Kind) -> Bool { bits & Kinds.bit(kind) != 0 }

        /// Adds `kind`; false when it was already there.
        public mutating func insert(_ kind: Kind) -> Bool {
            defer { bits |= Kinds.bit(kind) }
            return !contains(kind)
        }

        public mutating func remove(_ kind: Kind) { bits &= ~Kinds.bit(kind) }

        public func union(_ other: Kinds) -> Kinds {
            var result = self
            result.bits |= other.bits
            return result
        }

        public func subtracting(_ other: Kinds) -> Kinds {
            var result = self
            result.bits &= ~other.bits
            return result
        }

        private static func bit(_ kind: Kind) -> UInt8 {
            switch kind {
            case .ttl: 1 << 0
            case .exists: 1 << 1
            case .generation: 1 << 2
            case .sendKey: 1 << 3
            case .timeout: 1 << 4
            case .durable: 1 << 5
            case .filter: 1 << 6
            }
        }
    }
}
