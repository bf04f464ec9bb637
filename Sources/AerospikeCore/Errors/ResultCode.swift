/// An Aerospike result code: the byte a server puts in a reply header, or one of the
/// negative codes a client raises itself (never sent on the wire).
///
/// A struct rather than a closed enum because servers add codes over time; every code
/// known today has a constant and the `AEROSPIKE_…` name the C client and aql print.
public struct ResultCode: RawRepresentable, Sendable, Hashable {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    /// The name users know from aql and the C client, e.g. `AEROSPIKE_ERR_RECORD_NOT_FOUND`.
    public var name: String {
        ResultCode.names[rawValue] ?? "AEROSPIKE_ERR_CODE_\(rawValue)"
    }

    public var isKnown: Bool { ResultCode.names[rawValue] != nil }
}

extension ResultCode: CustomStringConvertible {
    public var description: String { "\(name) (\(rawValue))" }
}

// MARK: - Client-side codes
extension ResultCode {
    public static let maxRetriesExceeded = ResultCode(-12)
    public static let connectionError = ResultCode(-10)
    public static let invalidNode = ResultCode(-8)
    public static let clientAbort = ResultCode(-5)
    public static let invalidHost = ResultCode(-4)
    public static let invalidParameter = ResultCode(-2)
    public static let clientError = ResultCode(-1)
}

// MARK: - Server codes
extension ResultCode {
    public static let ok = ResultCode(0)
    public static let serverError = ResultCode(1)
    public static let recordNotFound = ResultCode(2)
    public static let generationError = ResultCode(3)
    public static let parameterError = ResultCode(4)
    public static let recordExists = ResultCode(5)
    public static let binExists = ResultCode(6)
    public static let clusterKeyMismatch = ResultCode(7)
    public static let serverFull = ResultCode(8)
    public static let timeout = ResultCode(9)
    public static let alwaysForbidden = ResultCode(10)
    public static let partitionUnavailable = ResultCode(11)
    public static let binTypeError = ResultCode(12)
    public static let recordTooBig = ResultCode(13)
    public static let keyBusy = ResultCode(14)
    public static let scanAborted = ResultCode(15)
    public static let unsupportedFeature = ResultCode(16)
    public static let binNotFound = ResultCode(17)
    public static let deviceOverload = ResultCode(18)
    public static let keyMismatch = ResultCode(19)
    public static let namespaceNotFound = ResultCode(20)
    public static let binNameTooLong = ResultCode(21)
    public static let failForbidden = ResultCode(22)
    public static let elementNotFound = ResultCode(23)
    public static let elementExists = ResultCode(24)
    public static let enterpriseOnly = ResultCode(25)
    public static let opNotApplicable = ResultCode(26)
    public static let filteredOut = ResultCode(27)
    public static let lostConflict = ResultCode(28)
    public static let xdrKeyBusy = ResultCode(32)
    public static let queryEnd = ResultCode(50)
    public static let securityNotSupported = ResultCode(51)
    public static let securityNotEnabled = ResultCode(52)
    public static let invalidCommand = ResultCode(54)
    public static let invalidUser = ResultCode(60)
    public static let invalidPassword = ResultCode(62)
    public static let invalidCredential = ResultCode(65)
    public static let expiredSession = ResultCode(66)
    public static let notAuthenticated = ResultCode(80)
    public static let roleViolation = ResultCode(81)
    public static let udfError = ResultCode(100)
    public static let batchDisabled = ResultCode(150)
    public static let batchMaxRequests = ResultCode(151)
    public static let batchQueuesFull = ResultCode(152)
    public static let invalidGeoJSON = ResultCode(160)
    public static let indexFound = ResultCode(200)
    public static let indexNotFound = ResultCode(201)
}

extension ResultCode {
    static let names: [Int: String] = [
        -13: "AEROSPIKE_USE_NORMAL_RETRY",
        -12: "AEROSPIKE_ERR_MAX_RETRIES_EXCEEDED",
        -11: "AEROSPIKE_ERR_ASYNC_QUEUE_FULL",
        -10: "AEROSPIKE_ERR_CONNECTION",
        -9: "AEROSPIKE_ERR_TLS_ERROR",
        -8: "AEROSPIKE_ERR_INVALID_NODE",
        -7: "AEROSPIKE_ERR_NO_MORE_CONNECTIONS",
        -6: "AEROSPIKE_ERR_ASYNC_CONNECTION",
        -5: "AEROSPIKE_ERR_CLIENT_ABORT",
        -4: "AEROSPIKE_ERR_INVALID_HOST",
        -3: "AEROSPIKE_NO_MORE_RECORDS",
        -2: "AEROSPIKE_ERR_PARAM",
        -1: "AEROSPIKE_ERR_CLIENT",
        0: "AEROSPIKE_OK",
        1: "AEROSPIKE_ERR_SERVER",
        2: "AEROSPIKE_ERR_RECORD_NOT_FOUND",
        3: "AEROSPIKE_ERR_RECORD_GENERATION",
        4: "AEROSPIKE_ERR_REQUEST_INVALID",
        5: "AEROSPIKE_ERR_RECORD_EXISTS",
        6: "AEROSPIKE_ERR_BIN_EXISTS",
        7: "AEROSPIKE_ERR_CLUSTER_CHANGE",
        8: "AEROSPIKE_ERR_SERVER_FULL",
        9: "AEROSPIKE_ERR_TIMEOUT",
        10: "AEROSPIKE_ERR_ALWAYS_FORBIDDEN",
        11: "AEROSPIKE_ERR_CLUSTER",
        12: "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE",
        13: "AEROSPIKE_ERR_RECORD_TOO_BIG",
        14: "AEROSPIKE_ERR_RECORD_BUSY",
        15: "AEROSPIKE_ERR_SCAN_ABORTED",
        16: "AEROSPIKE_ERR_UNSUPPORTED_FEATURE",
        17: "AEROSPIKE_ERR_BIN_NOT_FOUND",
        18: "AEROSPIKE_ERR_DEVICE_OVERLOAD",
        19: "AEROSPIKE_ERR_RECORD_KEY_MISMATCH",
        20: "AEROSPIKE_ERR_NAMESPACE_NOT_FOUND",
        21: "AEROSPIKE_ERR_BIN_NAME",
        22: "AEROSPIKE_ERR_FAIL_FORBIDDEN",
        23: "AEROSPIKE_ERR_FAIL_ELEMENT_NOT_FOUND",
        24: "AEROSPIKE_ERR_FAIL_ELEMENT_EXISTS",
        25: "AEROSPIKE_ERR_ENTERPRISE_ONLY",
        26: "AEROSPIKE_ERR_OP_NOT_APPLICABLE",
        27: "AEROSPIKE_FILTERED_OUT",
        28: "AEROSPIKE_LOST_CONFLICT",
        32: "AEROSPIKE_XDR_KEY_BUSY",
        50: "AEROSPIKE_QUERY_END",
        51: "AEROSPIKE_SECURITY_NOT_SUPPORTED",
        52: "AEROSPIKE_SECURITY_NOT_ENABLED",
        53: "AEROSPIKE_SECURITY_SCHEME_NOT_SUPPORTED",
        54: "AEROSPIKE_INVALID_COMMAND",
        55: "AEROSPIKE_INVALID_FIELD",
        56: "AEROSPIKE_ILLEGAL_STATE",
        60: "AEROSPIKE_INVALID_USER",
        61: "AEROSPIKE_USER_ALREADY_EXISTS",
        62: "AEROSPIKE_INVALID_PASSWORD",
        63: "AEROSPIKE_EXPIRED_PASSWORD",
        64: "AEROSPIKE_FORBIDDEN_PASSWORD",
        65: "AEROSPIKE_INVALID_CREDENTIAL",
        66: "AEROSPIKE_EXPIRED_SESSION",
        70: "AEROSPIKE_INVALID_ROLE",
        71: "AEROSPIKE_ROLE_ALREADY_EXISTS",
        72: "AEROSPIKE_INVALID_PRIVILEGE",
        73: "AEROSPIKE_INVALID_WHITELIST",
        74: "AEROSPIKE_QUOTAS_NOT_ENABLED",
        75: "AEROSPIKE_INVALID_QUOTA",
        80: "AEROSPIKE_NOT_AUTHENTICATED",
        81: "AEROSPIKE_ROLE_VIOLATION",
        82: "AEROSPIKE_NOT_WHITELISTED",
        83: "AEROSPIKE_QUOTA_EXCEEDED",
        100: "AEROSPIKE_ERR_UDF",
        120: "AEROSPIKE_MRT_BLOCKED",
        121: "AEROSPIKE_MRT_VERSION_MISMATCH",
        122: "AEROSPIKE_MRT_EXPIRED",
        123: "AEROSPIKE_MRT_TOO_MANY_WRITES",
        124: "AEROSPIKE_MRT_COMMITTED",
        125: "AEROSPIKE_MRT_ABORTED",
        126: "AEROSPIKE_MRT_ALREADY_LOCKED",
        127: "AEROSPIKE_MRT_MONITOR_EXISTS",
        150: "AEROSPIKE_ERR_BATCH_DISABLED",
        151: "AEROSPIKE_ERR_BATCH_MAX_REQUESTS_EXCEEDED",
        152: "AEROSPIKE_ERR_BATCH_QUEUES_FULL",
        160: "AEROSPIKE_ERR_GEO_INVALID_GEOJSON",
        200: "AEROSPIKE_ERR_INDEX_FOUND",
        201: "AEROSPIKE_ERR_INDEX_NOT_FOUND",
        202: "AEROSPIKE_ERR_INDEX_OOM",
        203: "AEROSPIKE_ERR_INDEX_NOT_READABLE",
        204: "AEROSPIKE_ERR_INDEX",
        205: "AEROSPIKE_ERR_INDEX_NAME_MAXLEN",
        206: "AEROSPIKE_ERR_INDEX_MAXCOUNT",
        210: "AEROSPIKE_ERR_QUERY_ABORTED",
        211: "AEROSPIKE_ERR_QUERY_QUEUE_FULL",
        212: "AEROSPIKE_ERR_QUERY_TIMEOUT",
        213: "AEROSPIKE_ERR_QUERY",
    ]
}
