import AerospikeCore
import NIOCore

/// A bin value's bytes as a server holds them: what follows the particle-type byte in an
/// op, with neither the type nor a length around it.
public enum ParticleCodec {
    /// The particle type a value is written as.
    public static func type(of value: Value) -> ParticleType {
        switch value {
        case .nil: .null
        case .int: .integer
        case .double: .float
        case .bool: .bool
        case .string: .string
        case .bytes: .blob
        case .list: .list
        case .map: .map
        case .geoJSON: .geoJSON
        }
    }

    /// Appends the value's bytes; `.nil` appends none.
    public static func write(_ value: Value, to buffer: inout ByteBuffer) {
        switch value {
        case .nil:
            break
        case .int(let number):
            buffer.writeInteger(number)
        case .double(let number):
            buffer.writeInteger(number.bitPattern)
        case .bool(let flag):
            buffer.writeInteger(flag ? UInt8(1) : UInt8(0))
        case .string(let text):
            buffer.writeString(text)
        case .bytes(let bytes):
            buffer.writeBytes(bytes)
        case .list, .map:
            MessagePack.write(value, to: &buffer)
        case .geoJSON(let text):
            // Flags, then the cell count: clients send no cells, the server computes them.
            buffer.writeInteger(UInt8(0))
            buffer.writeInteger(UInt16(0))
            buffer.writeString(text)
        }
    }

    /// Decodes all of `bytes` as a value of particle type `type`.
    ///
    /// Blobs of every kind (language-serialized, HLL, vector) come back as `.bytes`: this
    /// layer cannot interpret them, and a shell can still show and copy them. Strings are
    /// decoded leniently (invalid UTF-8 becomes U+FFFD) so a record written by another
    /// client always reads.
    public static func read(type: UInt8, from bytes: ByteBuffer) throws(AerospikeError) -> Value {
        guard let particle = ParticleType(rawValue: type) else {
            throw .malformed("unknown particle type \(type) (\(bytesPhrase(bytes.readableBytes)))")
        }
        var bytes = bytes
        let count = bytes.readableBytes

        switch particle {
        case .null:
            guard count == 0 else { throw wrongLength(particle, count, expected: "no bytes") }
            return .nil
        case .integer:
            guard count == 8, let number = bytes.readInteger(as: Int64.self) else {
                throw wrongLength(particle, count, expected: "8 bytes")
            }
            return .int(number)
        case .float:
            guard count == 8, let pattern = bytes.readInteger(as: UInt64.self) else {
                throw wrongLength(particle, count, expected: "8 bytes")
            }
            return .double(Double(bitPattern: pattern))
        case .bool:
            guard count == 1, let byte = bytes.readInteger(as: UInt8.self) else {
                throw wrongLength(particle, count, expected: "1 byte")
            }
            // Any non-zero byte is true, as the C client reads it.
            return .bool(byte != 0)
        case .string:
            return .string(bytes.readString(length: count) ?? "")
        case .blob, .javaBlob, .csharpBlob, .pythonBlob, .rubyBlob, .phpBlob, .erlangBlob, .hll, .vector:
            return .bytes(bytes.readBytes(length: count) ?? [])
        case .list, .map:
            return try readCollection(particle, from: bytes)
        case .geoJSON:
            return try readGeoJSON(from: bytes)
        }
    }

    private static func readCollection(_ particle: ParticleType, from bytes: ByteBuffer) throws(AerospikeError) -> Value {
        guard bytes.readableBytes > 0 else {
            throw wrongLength(particle, 0, expected: "a msgpack \(particle == .list ? "array" : "map")")
        }
        var bytes = bytes
        let value = try MessagePack.read(from: &bytes)
        guard bytes.readableBytes == 0 else {
            throw .malformed("\(particle.name) particle has \(bytesPhrase(bytes.readableBytes)) after its msgpack value")
        }
        switch (particle, value) {
        case (.list, .list), (.map, .map):
            return value
        default:
            throw .malformed("\(particle.name) particle holds a msgpack \(value.typeName), not a \(particle.name)")
        }
    }

    /// Server replies carry the S2 cells covering the shape before the text; only the
    /// text is the value.
    private static func readGeoJSON(from bytes: ByteBuffer) throws(AerospikeError) -> Value {
        var bytes = bytes
        let count = bytes.readableBytes
        guard bytes.readInteger(as: UInt8.self) != nil, let cells = bytes.readInteger(as: UInt16.self) else {
            throw wrongLength(.geoJSON, count, expected: "at least 3 bytes (flags and cell count)")
        }
        let cellBytes = Int(cells) * 8
        guard cellBytes <= bytes.readableBytes else {
            throw .malformed(
                "GeoJSON particle announces \(cells) cells (\(bytesPhrase(cellBytes))) but has \(bytesPhrase(bytes.readableBytes)) left"
            )
        }
        bytes.moveReaderIndex(forwardBy: cellBytes)
        return .geoJSON(bytes.readString(length: bytes.readableBytes) ?? "")
    }

    private static func wrongLength(_ particle: ParticleType, _ count: Int, expected: String) -> AerospikeError {
        .malformed("\(particle.name) particle must hold \(expected), got \(bytesPhrase(count))")
    }
}
