import AerospikeCore
import NIOCore

/// Writes `Value`s the way the official clients do, so stored lists and maps are
/// byte-for-byte what a server would hold for the same data.
enum MessagePackEncoder {
    static func write(_ value: Value, to buffer: inout ByteBuffer) {
        switch value {
        case .nil:
            buffer.writeInteger(UInt8(0xc0))
        case .bool(let flag):
            buffer.writeInteger(flag ? UInt8(0xc3) : UInt8(0xc2))
        case .int(let number):
            writeInteger(number, to: &buffer)
        case .double(let number):
            // Always float64: float32 would lose precision the user did not give up.
            buffer.writeInteger(UInt8(0xcb))
            buffer.writeInteger(number.bitPattern)
        case .string(let text):
            writeStrHeader(payloadCount: text.utf8.count + 1, to: &buffer)
            buffer.writeInteger(ParticleType.string.rawValue)
            buffer.writeString(text)
        case .bytes(let bytes):
            // Clients send blobs as prefixed str, not msgpack bin, and servers compare them so.
            writeStrHeader(payloadCount: bytes.count + 1, to: &buffer)
            buffer.writeInteger(ParticleType.blob.rawValue)
            buffer.writeBytes(bytes)
        case .geoJSON(let text):
            writeStrHeader(payloadCount: text.utf8.count + 1, to: &buffer)
            buffer.writeInteger(ParticleType.geoJSON.rawValue)
            buffer.writeString(text)
        case .list(let items, let ordered):
            if ordered {
                // As a server stores an ordered list: a leading ext8 of length 0 whose type
                // byte holds the list's flags (1: ordered), counted as an element.
                writeHeader(count: items.count + 1, fix: 0x90, fixLimit: 16, marker16: 0xdc, marker32: 0xdd, to: &buffer)
                buffer.writeBytes([0xc7, 0x00, MessagePack.orderedListFlag])
            } else {
                writeHeader(count: items.count, fix: 0x90, fixLimit: 16, marker16: 0xdc, marker32: 0xdd, to: &buffer)
            }
            for item in items { write(item, to: &buffer) }
        case .map(let entries):
            writeHeader(count: entries.count, fix: 0x80, fixLimit: 16, marker16: 0xde, marker32: 0xdf, to: &buffer)
            for entry in entries {
                write(entry.key, to: &buffer)
                write(entry.value, to: &buffer)
            }
        }
    }

    /// Non-negative numbers use the unsigned forms, as the C client does.
    static func writeInteger(_ number: Int64, to buffer: inout ByteBuffer) {
        if number >= 0 {
            switch number {
            case ..<0x80:
                buffer.writeInteger(UInt8(number))
            case ...0xff:
                buffer.writeInteger(UInt8(0xcc))
                buffer.writeInteger(UInt8(number))
            case ...0xffff:
                buffer.writeInteger(UInt8(0xcd))
                buffer.writeInteger(UInt16(number))
            case ...0xffff_ffff:
                buffer.writeInteger(UInt8(0xce))
                buffer.writeInteger(UInt32(number))
            default:
                buffer.writeInteger(UInt8(0xcf))
                buffer.writeInteger(UInt64(number))
            }
        } else {
            switch number {
            case (-32)...:
                buffer.writeInteger(Int8(number))
            case Int64(Int8.min)...:
                buffer.writeInteger(UInt8(0xd0))
                buffer.writeInteger(Int8(number))
            case Int64(Int16.min)...:
                buffer.writeInteger(UInt8(0xd1))
                buffer.writeInteger(Int16(number))
            case Int64(Int32.min)...:
                buffer.writeInteger(UInt8(0xd2))
                buffer.writeInteger(Int32(number))
            default:
                buffer.writeInteger(UInt8(0xd3))
                buffer.writeInteger(number)
            }
        }
    }

    static func writeStrHeader(payloadCount: Int, to buffer: inout ByteBuffer) {
        switch payloadCount {
        case ..<32:
            buffer.writeInteger(UInt8(0xa0) | UInt8(payloadCount))
        case ..<0x100:
            buffer.writeInteger(UInt8(0xd9))
            buffer.writeInteger(UInt8(payloadCount))
        case ..<0x1_0000:
            buffer.writeInteger(UInt8(0xda))
            buffer.writeInteger(UInt16(payloadCount))
        default:
            buffer.writeInteger(UInt8(0xdb))
            buffer.writeInteger(checkedUInt32(payloadCount))
        }
    }

    static func writeHeader(
        count: Int, fix: UInt8, fixLimit: Int, marker16: UInt8, marker32: UInt8,
        to buffer: inout ByteBuffer
    ) {
        switch count {
        case ..<fixLimit:
            buffer.writeInteger(fix | UInt8(count))
        case ..<0x1_0000:
            buffer.writeInteger(marker16)
            buffer.writeInteger(UInt16(count))
        default:
            buffer.writeInteger(marker32)
            buffer.writeInteger(checkedUInt32(count))
        }
    }

    /// msgpack cannot express more than 2^32-1 bytes or elements; a value that large could
    /// not be sent to a server either (records are limited to a few MiB).
    private static func checkedUInt32(_ count: Int) -> UInt32 {
        guard let count = UInt32(exactly: count) else {
            preconditionFailure("msgpack cannot encode a length of \(count)")
        }
        return count
    }
}
