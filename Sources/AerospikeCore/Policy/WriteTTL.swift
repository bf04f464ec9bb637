/// The TTL a write asks for. Encoded on the wire as the header's record_ttl.
public enum WriteTTL: Sendable, Hashable {
    /// The namespace's default-ttl (wire value 0).
    case namespaceDefault
    /// Never expire (wire value 0xFFFFFFFF).
    case never
    /// Keep the record's current expiry; a new record gets the default (wire value 0xFFFFFFFE).
    case unchanged
    case seconds(UInt32)

    /// Ten years: servers refuse anything longer with PARAMETER_ERROR.
    public static let maxSeconds: UInt32 = 315_360_000

    public var wireValue: UInt32 {
        switch self {
        case .namespaceDefault: 0
        case .never: 0xFFFF_FFFF
        case .unchanged: 0xFFFF_FFFE
        case .seconds(let seconds): seconds
        }
    }

    public init(wireValue: UInt32) {
        switch wireValue {
        case 0: self = .namespaceDefault
        case 0xFFFF_FFFF: self = .never
        case 0xFFFF_FFFE: self = .unchanged
        default: self = .seconds(wireValue)
        }
    }
}
