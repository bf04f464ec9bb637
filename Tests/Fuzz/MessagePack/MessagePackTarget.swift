import AerospikeCore
import AerospikeWire
import NIOCore

/// Any bytes through Aerospike's msgpack decoder (values back to back, as a CDT argument
/// list holds them) and through the particle decoder (first byte the particle type, as a
/// bin's value arrives). Whatever decodes must encode, and its encoding must read back to
/// an encoding byte for byte the same (NaN-safe, unlike comparing values).
func fuzzMessagePack(_ bytes: [UInt8]) {
    var buffer = ByteBuffer(bytes: bytes)
    var values = 0
    while buffer.readableBytes > 0, values < 64 {
        guard let value = try? MessagePack.read(from: &buffer) else { break }
        values += 1
        var encoded = ByteBuffer()
        MessagePack.write(value, to: &encoded)
        var reread = encoded
        guard let back = try? MessagePack.read(from: &reread) else {
            preconditionFailure("msgpack that decoded does not decode once re-encoded: \(value)")
        }
        precondition(reread.readableBytes == 0, "re-encoded msgpack read back short")
        var again = ByteBuffer()
        MessagePack.write(back, to: &again)
        precondition(again == encoded, "msgpack encoding is not stable: \(value)")
    }

    if let type = bytes.first {
        let particle = ByteBuffer(bytes: bytes.dropFirst())
        if let value = try? ParticleCodec.read(type: type, from: particle) {
            var encoded = ByteBuffer()
            ParticleCodec.write(value, to: &encoded)
            _ = try? ParticleCodec.read(type: ParticleCodec.type(of: value).rawValue, from: encoded)
        }
    }
}
