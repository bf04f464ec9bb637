/// The primary key an application chose for a record. Aerospike allows three kinds.
public enum UserKey: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bytes([UInt8])
}
