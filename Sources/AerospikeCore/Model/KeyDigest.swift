extension UserKey {
    /// The type byte that goes before the key in the digest input and in the wire KEY
    /// field: the particle type of an integer (1), a string (3) or a blob (4).
    public var typeCode: UInt8 {
        switch self {
        case .int: 1
        case .string: 3
        case .bytes: 4
        }
    }

    /// The key as the KEY field and the digest carry it: integers as 8 big-endian bytes of
    /// two's complement, strings as UTF-8, blobs as they are.
    public var digestBytes: [UInt8] {
        switch self {
        case .int(let value): withUnsafeBytes(of: value.bigEndian) { Array($0) }
        case .string(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        }
    }

    /// The key read back from its type code and bytes; nil for a type no key can have.
    public init?(typeCode: UInt8, bytes: some Collection<UInt8>) {
        switch typeCode {
        case 1:
            guard bytes.count == 8 else { return nil }
            self = .int(bytes.reduce(0) { $0 << 8 | Int64($1) })
        case 3:
            self = .string(String(decoding: bytes, as: UTF8.self))
        case 4:
            self = .bytes(Array(bytes))
        default:
            return nil
        }
    }
}

extension Digest {
    /// RIPEMD-160(set ‖ key type byte ‖ key bytes), as every Aerospike client computes it.
    /// The namespace is not part of it; a nil or empty set contributes nothing.
    public static func compute(set: String?, userKey: UserKey) -> Digest {
        if let short = computeShort(set: set, userKey: userKey) { return short }
        var hasher = RIPEMD160()
        if let set { hasher.update(set.utf8) }
        withUnsafeBytes(of: userKey.typeCode) { hasher.update($0) }
        switch userKey {
        case .int(let value): withUnsafeBytes(of: value.bigEndian) { hasher.update($0) }
        case .string(let text): hasher.update(text.utf8)
        case .bytes(let bytes): hasher.update(bytes)
        }
        // RIPEMD-160 always yields 20 bytes, which is all `Digest.init` checks.
        return Digest(hasher.finalize())!
    }

    /// Most keys: set, type and key in one block of input.
    private static func computeShort(set: String?, userKey: UserKey) -> Digest? {
        var set = set ?? ""
        let bytes: [UInt8]? = set.withUTF8 { setBytes in
            let prefix = UnsafeRawBufferPointer(setBytes)
            switch userKey {
            case .int(let value):
                return withUnsafeBytes(of: value.bigEndian) { RIPEMD160.hashShort(prefix, userKey.typeCode, $0) }
            case .string(var text):
                return text.withUTF8 { RIPEMD160.hashShort(prefix, userKey.typeCode, UnsafeRawBufferPointer($0)) }
            case .bytes(let key):
                return key.withUnsafeBytes { RIPEMD160.hashShort(prefix, userKey.typeCode, $0) }
            }
        }
        return bytes.map { Digest($0)! }
    }
}

extension Key {
    /// A key with a user key, its digest computed the way a server would.
    public init(namespace: String, set: String?, userKey: UserKey) {
        self.init(
            namespace: namespace,
            set: set,
            userKey: userKey,
            digest: .compute(set: set, userKey: userKey)
        )
    }
}
