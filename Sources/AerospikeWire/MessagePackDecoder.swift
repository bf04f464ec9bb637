import AerospikeCore
import NIOCore

/// Reads one msgpack value from untrusted bytes.
///
/// Every length and count is checked against the bytes left before anything is read or
/// allocated, and nesting is bounded, so no input can crash the process or make it
/// reserve more memory than the input's own size.
struct MessagePackDecoder {
    private var buffer: ByteBuffer
    /// Where decoding began, so messages can name offsets within the value.
    private let start: Int

    init(_ buffer: ByteBuffer) {
        self.buffer = buffer
        self.start = buffer.readerIndex
    }

    var readerIndex: Int { buffer.readerIndex }

    mutating func readValue(depth: Int) throws(AerospikeError) -> Value {
        let at = buffer.readerIndex
        let marker = try readByte("a value")
        switch marker {
        case 0x00...0x7f:
            return .int(Int64(marker))
        case 0x80...0x8f:
            return try readMap(count: Int(marker & 0x0f), depth: depth, at: at)
        case 0x90...0x9f:
            return try readList(count: Int(marker & 0x0f), depth: depth, at: at)
        case 0xa0...0xbf:
            return try readStr(count: Int(marker & 0x1f))
        case 0xc0:
            return .nil
        case 0xc1:
            throw error("0xc1 is never used in msgpack", at: at)
        case 0xc2:
            return .bool(false)
        case 0xc3:
            return .bool(true)
        case 0xc4:
            return .bytes(try readBytes(count: try readLength(UInt8.self, "bin8")))
        case 0xc5:
            return .bytes(try readBytes(count: try readLength(UInt16.self, "bin16")))
        case 0xc6:
            return .bytes(try readBytes(count: try readLength(UInt32.self, "bin32")))
        case 0xc7...0xc9, 0xd4...0xd8:
            throw error("msgpack ext (0x\(hex(marker))) is not a value; only a leading ext in a list or map is allowed", at: at)
        case 0xca:
            return .double(Double(Float(bitPattern: try read(UInt32.self, "float32"))))
        case 0xcb:
            return .double(Double(bitPattern: try read(UInt64.self, "float64")))
        case 0xcc:
            return .int(Int64(try read(UInt8.self, "uint8")))
        case 0xcd:
            return .int(Int64(try read(UInt16.self, "uint16")))
        case 0xce:
            return .int(Int64(try read(UInt32.self, "uint32")))
        case 0xcf:
            let number = try read(UInt64.self, "uint64")
            guard let value = Int64(exactly: number) else {
                throw error("integer \(number) is above the largest Aerospike integer (\(Int64.max))", at: at)
            }
            return .int(value)
        case 0xd0:
            return .int(Int64(try read(Int8.self, "int8")))
        case 0xd1:
            return .int(Int64(try read(Int16.self, "int16")))
        case 0xd2:
            return .int(Int64(try read(Int32.self, "int32")))
        case 0xd3:
            return .int(try read(Int64.self, "int64"))
        case 0xd9:
            return try readStr(count: try readLength(UInt8.self, "str8"))
        case 0xda:
            return try readStr(count: try readLength(UInt16.self, "str16"))
        case 0xdb:
            return try readStr(count: try readLength(UInt32.self, "str32"))
        case 0xdc:
            return try readList(count: try readLength(UInt16.self, "array16"), depth: depth, at: at)
        case 0xdd:
            return try readList(count: try readLength(UInt32.self, "array32"), depth: depth, at: at)
        case 0xde:
            return try readMap(count: try readLength(UInt16.self, "map16"), depth: depth, at: at)
        case 0xdf:
            return try readMap(count: try readLength(UInt32.self, "map32"), depth: depth, at: at)
        default:  // 0xe0...0xff, negative fixint
            return .int(Int64(Int8(bitPattern: marker)))
        }
    }

    // MARK: - Collections

    private mutating func readList(count: Int, depth: Int, at: Int) throws(AerospikeError) -> Value {
        try enter(depth: depth, at: at)
        // Every element takes at least one byte: a larger count cannot be honest.
        guard count <= buffer.readableBytes else {
            throw error("a list of \(count) elements does not fit in the \(bytesPhrase(buffer.readableBytes)) left", at: at)
        }
        var remaining = count
        var ordered = false
        if remaining > 0, let flags = try skipLeadingExt() {
            remaining -= 1
            ordered = flags & MessagePack.orderedListFlag != 0
        }

        var items: [Value] = []
        items.reserveCapacity(remaining)
        for _ in 0..<remaining {
            items.append(try readValue(depth: depth + 1))
        }
        return .list(items, ordered: ordered)
    }

    private mutating func readMap(count: Int, depth: Int, at: Int) throws(AerospikeError) -> Value {
        try enter(depth: depth, at: at)
        guard count <= buffer.readableBytes / 2 else {
            throw error("a map of \(count) pairs does not fit in the \(bytesPhrase(buffer.readableBytes)) left", at: at)
        }
        var remaining = count
        if remaining > 0, try skipLeadingExt() != nil {
            // The ext is the key of an ordinary pair (its value is nil): drop the whole pair.
            _ = try readValue(depth: depth + 1)
            remaining -= 1
        }

        var entries: [MapEntry] = []
        entries.reserveCapacity(remaining)
        for _ in 0..<remaining {
            let key = try readValue(depth: depth + 1)
            let value = try readValue(depth: depth + 1)
            entries.append(MapEntry(key, value))
        }
        return .map(entries)
    }

    private func enter(depth: Int, at: Int) throws(AerospikeError) {
        guard depth < MessagePack.maxDepth else {
            throw error("lists and maps nest deeper than \(MessagePack.maxDepth) levels", at: at)
        }
    }

    /// Skips the ext element that marks an ordered list or map, if the next one is an ext,
    /// and returns its type byte: the collection's flags (nil: no ext).
    private mutating func skipLeadingExt() throws(AerospikeError) -> UInt8? {
        guard let marker = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        let dataCount: Int
        switch marker {
        case 0xd4: dataCount = 1
        case 0xd5: dataCount = 2
        case 0xd6: dataCount = 4
        case 0xd7: dataCount = 8
        case 0xd8: dataCount = 16
        case 0xc7:
            buffer.moveReaderIndex(forwardBy: 1)
            dataCount = try readLength(UInt8.self, "ext8")
        case 0xc8:
            buffer.moveReaderIndex(forwardBy: 1)
            dataCount = try readLength(UInt16.self, "ext16")
        case 0xc9:
            buffer.moveReaderIndex(forwardBy: 1)
            dataCount = try readLength(UInt32.self, "ext32")
        default:
            return nil
        }
        if marker >= 0xd4 { buffer.moveReaderIndex(forwardBy: 1) }
        let flags = try read(UInt8.self, "the ext type")
        try need(dataCount, for: "ext data")
        buffer.moveReaderIndex(forwardBy: dataCount)
        return flags
    }

    // MARK: - Strings and bytes

    private mutating func readStr(count: Int) throws(AerospikeError) -> Value {
        try need(count, for: "a str")
        guard count > 0 else { return .string("") }
        let prefix = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) ?? 0xff
        switch ParticleType(rawValue: prefix) {
        case .string?:
            buffer.moveReaderIndex(forwardBy: 1)
            return .string(buffer.readString(length: count - 1)!)
        case .geoJSON?:
            buffer.moveReaderIndex(forwardBy: 1)
            return .geoJSON(buffer.readString(length: count - 1)!)
        case let type? where type.isOpaqueBlob:
            buffer.moveReaderIndex(forwardBy: 1)
            return .bytes(buffer.readBytes(length: count - 1)!)
        default:
            // Not an Aerospike particle prefix: plain msgpack text from some other writer.
            return .string(buffer.readString(length: count)!)
        }
    }

    private mutating func readBytes(count: Int) throws(AerospikeError) -> [UInt8] {
        try need(count, for: "bin")
        return buffer.readBytes(length: count)!
    }

    // MARK: - Primitives

    private mutating func readByte(_ what: String) throws(AerospikeError) -> UInt8 {
        guard let byte = buffer.readInteger(as: UInt8.self) else {
            throw error("the input ends where \(what) should start")
        }
        return byte
    }

    private mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws(AerospikeError) -> T {
        guard let value = buffer.readInteger(as: T.self) else {
            throw error("truncated: \(what) needs \(bytesPhrase(MemoryLayout<T>.size)), \(bytesPhrase(buffer.readableBytes)) left")
        }
        return value
    }

    private mutating func readLength<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type, _ what: String
    ) throws(AerospikeError) -> Int {
        let raw = try read(T.self, "the length of \(what)")
        guard let length = Int(exactly: raw) else {
            throw error("\(what) length \(raw) is too large")
        }
        return length
    }

    private func need(_ count: Int, for what: String) throws(AerospikeError) {
        guard count <= buffer.readableBytes else {
            throw error("truncated: \(what) of \(bytesPhrase(count)), \(bytesPhrase(buffer.readableBytes)) left")
        }
    }

    /// An error naming the offset, from the start of the outermost value, of the element
    /// at fault (`at`, a reader index), or of where reading stopped.
    private func error(_ message: String, at index: Int? = nil) -> AerospikeError {
        .malformed("malformed msgpack at byte \((index ?? buffer.readerIndex) - start): \(message)")
    }

    private func hex(_ byte: UInt8) -> String {
        Hex.encode(CollectionOfOne(byte))
    }
}
