import AerospikeCore

/// The stored user key: its type code then its bytes, as in the wire KEY field.
enum UserKeyColumn {
    static func encode(_ key: UserKey) -> [UInt8] {
        [key.typeCode] + key.digestBytes
    }

    static func decode(_ bytes: [UInt8]) -> UserKey? {
        guard let type = bytes.first else { return nil }
        return UserKey(typeCode: type, bytes: bytes.dropFirst())
    }
}
