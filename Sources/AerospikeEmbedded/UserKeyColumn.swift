import AerospikeCore
import AerospikeWire
import NIOCore

/// The stored user key: its particle type byte then its bytes, as in the wire KEY field.
enum UserKeyColumn {
    static func encode(_ key: UserKey) -> [UInt8] {
        [key.particleType.rawValue] + key.digestBytes
    }

    static func decode(_ bytes: [UInt8]) -> UserKey? {
        guard let type = bytes.first else { return nil }
        let body = bytes.dropFirst()
        switch ParticleType(rawValue: type) {
        case .integer?:
            guard body.count == 8 else { return nil }
            return .int(body.reduce(0) { $0 << 8 | Int64($1) })
        case .string?:
            return .string(String(decoding: body, as: UTF8.self))
        case .blob?:
            return .bytes(Array(body))
        default:
            return nil
        }
    }
}
