import AerospikeCore
import NIOCore

/// msgpack as Aerospike uses it for list and map particles and CDT arguments.
///
/// Aerospike's dialect differs from plain msgpack in two ways:
/// - a msgpack str carries a particle-type byte before its payload (`0x03` text, `0x04`
///   blob, `0x17` GeoJSON), and the str length counts that byte;
/// - an ordered list or map starts with an extra ext element holding the order flags
///   (for a map, the key of a pair whose value is nil), counted in the header.
///
/// Reading is lenient where the meaning is clear and strict where it is not:
/// - str8/16/32 and bin8/16/32 are all accepted; bin reads as `.bytes`;
/// - a str whose first byte is `0x04` or a language-blob type (7…12) reads as `.bytes`,
///   `0x03` as `.string`, `0x17` as `.geoJSON`; a str with any other first byte, or an
///   empty str, was not written by an Aerospike client and reads as plain UTF-8 text,
///   first byte included (printable text never starts with a particle-type byte);
/// - a leading ext element in a list gives its ordered flag (bit 0 of the ext's type
///   byte) to the list; in a map it is skipped (`Value` keeps maps key-ordered, as a
///   server does); an ext anywhere else throws;
/// - uint64 above `Int64.max` throws, as `Value.int` cannot hold it;
/// - at most `maxDepth` nested lists and maps, and no length beyond the bytes left, so
///   hostile input throws instead of exhausting the stack or memory.
public enum MessagePack {
    /// How many lists and maps may nest inside one another (the same bound as the parser's).
    public static let maxDepth = Value.maxNestingDepth

    /// The flag bit of an ordered list in its leading ext element (`AS_PACKED_LIST_FLAG_ORDERED`).
    static let orderedListFlag: UInt8 = 0x01

    /// Appends `value` in Aerospike's msgpack, each integer in its smallest form.
    public static func write(_ value: Value, to buffer: inout ByteBuffer) {
        MessagePackEncoder.write(value, to: &buffer)
    }

    /// Reads exactly one value and moves the reader index past it. On error the reader
    /// index is left where it was.
    public static func read(from buffer: inout ByteBuffer) throws(AerospikeError) -> Value {
        var decoder = MessagePackDecoder(buffer)
        let value = try decoder.readValue(depth: 0)
        buffer.moveReaderIndex(to: decoder.readerIndex)
        return value
    }
}
