import AerospikeCore
import AerospikeWire
import NIOCore
import Testing

@Suite("Particle codec")
struct ParticleCodecTests {
    /// protocol.md Appendix A: the put of every bin type, byte-identical from both clients,
    /// and the bool bin from the seed captures.
    static let capturedParticles: [(Value, ParticleType, String)] = [
        (.int(1), .integer, "0000000000000001"),
        (.double(1.5), .float, "3ff8000000000000"),
        (.string("hi"), .string, "6869"),
        (.bytes([0x01]), .blob, "01"),
        (.list([.int(1), .string("x")]), .list, "9201a20378"),
        (.map([MapEntry(.string("k"), .int(2))]), .map, "81a2036b02"),
        (.bool(true), .bool, "01"),
        (.list([.int(1), .int(2), .int(3)]), .list, "93010203"),
        (.map([MapEntry(.string("nested"), .string("dict"))]), .map, "81a7036e6573746564a503646963 74"),
        (.nil, .null, ""),
    ]

    @Test("captured bytes encode and decode", arguments: capturedParticles)
    func captured(value: Value, type: ParticleType, hexBytes: String) throws {
        #expect(ParticleCodec.type(of: value) == type)
        var out = ByteBuffer()
        ParticleCodec.write(value, to: &out)
        #expect(hex(out) == hexBytes.filter { !$0.isWhitespace })
        #expect(try ParticleCodec.read(type: type.rawValue, from: buffer(hexBytes)) == value)
    }

    @Test("GeoJSON: flags, zero cells, then the text")
    func geoJSONWrite() {
        var out = ByteBuffer()
        ParticleCodec.write(.geoJSON(#"{"a":1}"#), to: &out)
        #expect(hex(out) == "000000" + Hex.encode(#"{"a":1}"#.utf8))
    }

    @Test("GeoJSON from a server: the cells are skipped")
    func geoJSONWithCells() throws {
        let text = #"{"type":"Point","coordinates":[1,2]}"#
        let particle = bytes("00 0002 1111111111111111 2222222222222222") + Array(text.utf8)
        #expect(try ParticleCodec.read(type: 23, from: ByteBuffer(bytes: particle)) == .geoJSON(text))
    }

    @Test("blobs of every language, HLL and vector read as bytes", arguments: [4, 7, 8, 9, 10, 11, 12, 16, 18] as [UInt8])
    func opaqueBlobs(type: UInt8) throws {
        #expect(try ParticleCodec.read(type: type, from: buffer("00ff10")) == .bytes([0x00, 0xff, 0x10]))
        #expect(try ParticleCodec.read(type: type, from: ByteBuffer()) == .bytes([]))
    }

    @Test("bool: any non-zero byte is true")
    func bool() throws {
        #expect(try ParticleCodec.read(type: 17, from: buffer("00")) == .bool(false))
        #expect(try ParticleCodec.read(type: 17, from: buffer("02")) == .bool(true))
        var out = ByteBuffer()
        ParticleCodec.write(.bool(false), to: &out)
        #expect(hex(out) == "00")
    }

    @Test("strings are read leniently: invalid UTF-8 becomes U+FFFD")
    func invalidUTF8() throws {
        #expect(try ParticleCodec.read(type: 3, from: buffer("61ff62")) == .string("a\u{FFFD}b"))
        #expect(try ParticleCodec.read(type: 3, from: ByteBuffer()) == .string(""))
    }

    @Test("the reader index of the caller's buffer decides what is read")
    func readsReadableBytesOnly() throws {
        var input = buffer("ffff 0000000000000007")
        input.moveReaderIndex(forwardBy: 2)
        #expect(try ParticleCodec.read(type: 1, from: input) == .int(7))
    }

    static let malformed: [(UInt8, String, String)] = [
        (0, "00", "null particle must hold no bytes, got 1 byte"),
        (1, "00000001", "integer particle must hold 8 bytes, got 4 bytes"),
        (1, "000000000000000001", "integer particle must hold 8 bytes, got 9 bytes"),
        (2, "", "float particle must hold 8 bytes, got 0 bytes"),
        (17, "0101", "bool particle must hold 1 byte, got 2 bytes"),
        (17, "", "bool particle must hold 1 byte, got 0 bytes"),
        (5, "01", "unknown particle type 5 (1 byte)"),
        (255, "", "unknown particle type 255 (0 bytes)"),
        (20, "", "list particle must hold a msgpack array, got 0 bytes"),
        (19, "", "map particle must hold a msgpack map, got 0 bytes"),
        (20, "81a2036b02", "list particle holds a msgpack map, not a list"),
        (19, "9201a20378", "map particle holds a msgpack list, not a map"),
        (20, "920102 03", "list particle has 1 byte after its msgpack value"),
        (20, "9201", "malformed msgpack at byte 0: a list of 2 elements does not fit in the 1 byte left"),
        (20, "92a103", "malformed msgpack at byte 3: the input ends where a value should start"),
        (23, "0000", "GeoJSON particle must hold at least 3 bytes (flags and cell count), got 2 bytes"),
        (23, "00 0003 1111111111111111", "GeoJSON particle announces 3 cells (24 bytes) but has 8 bytes left"),
    ]

    @Test("malformed particles throw a parameter error that says why", arguments: malformed)
    func malformedParticle(type: UInt8, hexBytes: String, message: String) {
        let error = #expect(throws: AerospikeError.self) {
            try ParticleCodec.read(type: type, from: buffer(hexBytes))
        }
        #expect(error?.code == .parameterError)
        #expect(error?.message == message)
    }

    @Test("particle types keep the server's numbers")
    func typeNumbers() {
        #expect(ParticleType.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 16, 17, 18, 19, 20, 23])
        #expect(ParticleCodec.type(of: .geoJSON("{}")) == .geoJSON)
        #expect(ParticleCodec.type(of: .bytes([])) == .blob)
        #expect(ParticleCodec.type(of: .double(0)) == .float)
    }
}
