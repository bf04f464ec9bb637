import AerospikeCore
import AerospikeWire
import NIOCore
import Testing

@Suite("MessagePack")
struct MessagePackTests {
    static func encode(_ value: Value) -> String {
        var out = ByteBuffer()
        MessagePack.write(value, to: &out)
        return hex(out)
    }

    static func decode(_ hexBytes: String) throws(AerospikeError) -> Value {
        var input = buffer(hexBytes)
        let value = try MessagePack.read(from: &input)
        #expect(input.readableBytes == 0, "\(input.readableBytes) bytes left unread")
        return value
    }

    static let integers: [(Int64, String)] = [
        (0, "00"), (1, "01"), (127, "7f"), (128, "cc80"), (255, "ccff"), (256, "cd0100"),
        (65535, "cdffff"), (65536, "ce00010000"), (4_294_967_295, "ceffffffff"),
        (4_294_967_296, "cf0000000100000000"), (Int64.max, "cf7fffffffffffffff"),
        (-1, "ff"), (-32, "e0"), (-33, "d0df"), (-128, "d080"), (-129, "d1ff7f"),
        (-32768, "d18000"), (-32769, "d2ffff7fff"), (Int64(Int32.min), "d280000000"),
        (Int64(Int32.min) - 1, "d3ffffffff7fffffff"), (Int64.min, "d38000000000000000"),
    ]

    @Test("integers take their smallest form", arguments: integers)
    func integer(value: Int64, expected: String) throws {
        #expect(Self.encode(.int(value)) == expected)
        #expect(try Self.decode(expected) == .int(value))
    }

    @Test("wider integer forms than needed are accepted")
    func widerIntegers() throws {
        #expect(try Self.decode("cf0000000000000001") == .int(1))
        #expect(try Self.decode("d3ffffffffffffffff") == .int(-1))
        #expect(try Self.decode("d001") == .int(1))
        #expect(try Self.decode("cd0005") == .int(5))
        #expect(try Self.decode("d2fffffffe") == .int(-2))
    }

    @Test("uint64 above Int64.max is refused")
    func uint64TooLarge() {
        let error = #expect(throws: AerospikeError.self) { try Self.decode("cf8000000000000000") }
        #expect(error?.code == .parameterError)
        #expect(error?.message == "malformed msgpack at byte 0: integer 9223372036854775808 is above the largest Aerospike integer (9223372036854775807)")
    }

    @Test("scalars from protocol.md §5")
    func scalars() throws {
        #expect(Self.encode(.nil) == "c0")
        #expect(Self.encode(.bool(false)) == "c2")
        #expect(Self.encode(.bool(true)) == "c3")
        #expect(Self.encode(.double(1.5)) == "cb3ff8000000000000")
        #expect(Self.encode(.string("x")) == "a20378")
        #expect(Self.encode(.bytes([0xab])) == "a204ab")
        #expect(Self.encode(.geoJSON("{}")) == "a3177b7d")
        #expect(try Self.decode("c0") == .nil)
        #expect(try Self.decode("c2") == .bool(false))
        #expect(try Self.decode("c3") == .bool(true))
        #expect(try Self.decode("cb3ff8000000000000") == .double(1.5))
        #expect(try Self.decode("ca3fc00000") == .double(1.5))
        #expect(try Self.decode("a3177b7d") == .geoJSON("{}"))
    }

    @Test("captured lists and maps", arguments: [
        ("9201a20378", Value.list([.int(1), .string("x")])),
        ("81a2036b02", .map([MapEntry(.string("k"), .int(2))])),
        ("81a7036e6573746564a503646963 74", .map([MapEntry(.string("nested"), .string("dict"))])),
        ("93000109", .list([.int(0), .int(1), .int(9)])),
        // A CDT map-put argument from the captures: [67, "b", 2, 0].
        ("9443a203620200", .list([.int(67), .string("b"), .int(2), .int(0)])),
    ])
    func captured(hexBytes: String, value: Value) throws {
        #expect(Self.encode(value) == hexBytes.filter { !$0.isWhitespace })
        #expect(try Self.decode(hexBytes) == value)
    }

    /// Text lengths where the header changes form; the payload is one longer (the prefix).
    @Test("str headers follow the payload length, prefix included", arguments: [
        (30, "bf"), (31, "d920"), (254, "d9ff"), (255, "da0100"), (65534, "daffff"), (65535, "db00010000"),
    ])
    func strHeader(textLength: Int, header: String) throws {
        let text = String(repeating: "a", count: textLength)
        let encoded = Self.encode(.string(text))
        #expect(encoded.hasPrefix(header + "03"))
        #expect(encoded.count == 2 * (header.count / 2 + 1 + textLength))
        #expect(try Self.decode(encoded) == .string(text))
        #expect(Self.encode(.bytes(Array(repeating: 1, count: textLength))).hasPrefix(header + "04"))
    }

    @Test("list and map headers change form at 16 and 65536 elements")
    func collectionHeaders() throws {
        #expect(Self.encode(.list(Array(repeating: .nil, count: 15))).hasPrefix("9fc0"))
        #expect(Self.encode(.list(Array(repeating: .nil, count: 16))).hasPrefix("dc0010c0"))
        #expect(Self.encode(.list(Array(repeating: .nil, count: 65536))).hasPrefix("dd00010000c0"))
        #expect(Self.encode(.map(Array(repeating: MapEntry(.nil, .nil), count: 15))).hasPrefix("8fc0"))
        #expect(Self.encode(.map(Array(repeating: MapEntry(.nil, .nil), count: 16))).hasPrefix("de0010c0"))
        #expect(Self.encode(.map(Array(repeating: MapEntry(.nil, .nil), count: 65536))).hasPrefix("df00010000c0"))
        #expect(try Self.decode("dc0002 01 02") == .list([.int(1), .int(2)]))
        #expect(try Self.decode("dd00000001 01") == .list([.int(1)]))
        #expect(try Self.decode("de0001 01 02") == .map([MapEntry(.int(1), .int(2))]))
        #expect(try Self.decode("df00000001 01 02") == .map([MapEntry(.int(1), .int(2))]))
    }

    @Test("every str and bin width is accepted")
    func strAndBinWidths() throws {
        #expect(try Self.decode("d902 0378") == .string("x"))
        #expect(try Self.decode("da0002 0378") == .string("x"))
        #expect(try Self.decode("db00000002 0378") == .string("x"))
        #expect(try Self.decode("c402 0378") == .bytes([0x03, 0x78]))
        #expect(try Self.decode("c50001 ff") == .bytes([0xff]))
        #expect(try Self.decode("c600000000") == .bytes([]))
    }

    @Test("str prefixes: text, blob, language blobs, GeoJSON")
    func strPrefixes() throws {
        #expect(try Self.decode("a3 03 6869") == .string("hi"))
        #expect(try Self.decode("a3 04 6869") == .bytes([0x68, 0x69]))
        #expect(try Self.decode("a3 09 6869") == .bytes([0x68, 0x69]))
        #expect(try Self.decode("a3 17 6869") == .geoJSON("hi"))
        #expect(try Self.decode("a1 03") == .string(""))
        #expect(try Self.decode("a1 04") == .bytes([]))
    }

    @Test("a str without a particle prefix reads as plain text")
    func unprefixedStr() throws {
        #expect(try Self.decode("a0") == .string(""))
        #expect(try Self.decode("a568656c6c6f") == .string("hello"))
        #expect(try Self.decode("d905 68656c6c6f") == .string("hello"))
    }

    @Test("an ordered map's leading ext pair is skipped")
    func orderedMap() throws {
        // {a: 1, b: 2} key-ordered (flags 0x01): the header counts the ext pair.
        #expect(try Self.decode("83 c70001 c0 a20361 01 a20362 02") == .map([
            MapEntry(.string("a"), .int(1)), MapEntry(.string("b"), .int(2)),
        ]))
        // Key-value-ordered, and a fixext form.
        #expect(try Self.decode("82 c70003 c0 a20361 01") == .map([MapEntry(.string("a"), .int(1))]))
        #expect(try Self.decode("82 d40801 c0 a20361 01") == .map([MapEntry(.string("a"), .int(1))]))
        // Only the ext pair: an empty ordered map.
        #expect(try Self.decode("81 c70001 c0") == .map([]))
        #expect(try Self.decode("de0001 c70001 c0") == .map([]))
    }

    @Test("an ordered list's leading ext gives the list its flag, in any ext form")
    func orderedList() throws {
        #expect(try Self.decode("93 c70001 01 02") == .list([.int(1), .int(2)], ordered: true))
        #expect(try Self.decode("91 c70001") == .list([], ordered: true))
        #expect(try Self.decode("92 c8000101 ff 07") == .list([.int(7)], ordered: true))
        #expect(try Self.decode("92 c90000000201 aaaa 07") == .list([.int(7)], ordered: true))
        #expect(try Self.decode("92 d8 01 00112233445566778899aabbccddeeff 07") == .list([.int(7)], ordered: true))
        // Flags without the ordered bit (persisted index alone: 0x10) leave the list unordered.
        #expect(try Self.decode("92 c70010 07") == .list([.int(7)]))
        // Only the first element may be an ext.
        #expect(throws: AerospikeError.self) { try Self.decode("92 01 c70001") }
        #expect(throws: AerospikeError.self) { try Self.decode("93 c70001 c70001 01") }
    }

    /// The bin a real 8.1 server sent back for an ordered list (cdt-expressions capture,
    /// "ordered list create+append": `95 c7 00 01 01 02 03 05`).
    @Test("an ordered list is written as a server stores it")
    func orderedListEncoding() throws {
        var buffer = ByteBuffer()
        MessagePack.write(.list([.int(1), .int(2), .int(3), .int(5)], ordered: true), to: &buffer)
        #expect(hex(buffer) == "95c700010102030" + "5")
        #expect(try MessagePack.read(from: &buffer) == .list([.int(1), .int(2), .int(3), .int(5)], ordered: true))
    }

    @Test("ext, never-used and truncated input throw parameter errors", arguments: [
        ("c1", "malformed msgpack at byte 0: 0xc1 is never used in msgpack"),
        ("d4ff01", "malformed msgpack at byte 0: msgpack ext (0xd4) is not a value; only a leading ext in a list or map is allowed"),
        ("", "malformed msgpack at byte 0: the input ends where a value should start"),
        ("cd00", "malformed msgpack at byte 1: truncated: uint16 needs 2 bytes, 1 byte left"),
        ("a3 0361", "malformed msgpack at byte 1: truncated: a str of 3 bytes, 2 bytes left"),
        ("db", "malformed msgpack at byte 1: truncated: the length of str32 needs 4 bytes, 0 bytes left"),
        ("dd ffffffff 00", "malformed msgpack at byte 0: a list of 4294967295 elements does not fit in the 1 byte left"),
        ("df ffffffff 0000", "malformed msgpack at byte 0: a map of 4294967295 pairs does not fit in the 2 bytes left"),
        ("c6 ffffffff 00", "malformed msgpack at byte 5: truncated: bin of 4294967295 bytes, 1 byte left"),
        ("92 c7ff01", "malformed msgpack at byte 4: truncated: ext data of 255 bytes, 0 bytes left"),
        ("91 c7", "malformed msgpack at byte 2: truncated: the length of ext8 needs 1 byte, 0 bytes left"),
    ])
    func malformed(hexBytes: String, message: String) {
        let error = #expect(throws: AerospikeError.self) { try Self.decode(hexBytes) }
        #expect(error?.code == .parameterError)
        #expect(error?.message == message)
    }

    @Test("nesting is bounded")
    func depth() throws {
        let allowed = String(repeating: "91", count: MessagePack.maxDepth) + "00"
        var value = Value.int(0)
        for _ in 0..<MessagePack.maxDepth { value = .list([value]) }
        #expect(try Self.decode(allowed) == value)

        let tooDeep = String(repeating: "91", count: MessagePack.maxDepth + 1) + "00"
        let error = #expect(throws: AerospikeError.self) { try Self.decode(tooDeep) }
        #expect(error?.message == "malformed msgpack at byte 100: lists and maps nest deeper than 100 levels")

        // A million nested headers must fail fast, not overflow the stack.
        var hostile = ByteBuffer(repeating: 0x81, count: 1_000_000)
        #expect(throws: AerospikeError.self) { try MessagePack.read(from: &hostile) }
        #expect(hostile.readerIndex == 0)
    }

    @Test("read takes one value and leaves the rest; on error the reader index stays")
    func readsOneValue() throws {
        var input = buffer("01 a20378 c0 cd")
        #expect(try MessagePack.read(from: &input) == .int(1))
        #expect(try MessagePack.read(from: &input) == .string("x"))
        #expect(try MessagePack.read(from: &input) == .nil)
        let before = input.readerIndex
        #expect(throws: AerospikeError.self) { try MessagePack.read(from: &input) }
        #expect(input.readerIndex == before)
        #expect(input.readableBytes == 1)
    }

    @Test("doubles keep their exact bits", arguments: [0.0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 1e308])
    func doubleBits(number: Double) throws {
        let decoded = try Self.decode(Self.encode(.double(number)))
        guard case .double(let back) = decoded else {
            Issue.record("decoded \(decoded)")
            return
        }
        #expect(back.bitPattern == number.bitPattern)
    }
}
