import AerospikeWire
import NIOCore
import Testing

/// Info replies as `name\tvalue\n` lines, read as bytes.
@Suite("Info messages")
struct InfoMessageTests {
    func parse(_ bytes: [UInt8]) -> [String] {
        InfoMessage.parseResponse(ByteBuffer(bytes: bytes)).map { "\($0.command)=\($0.value)" }
    }

    @Test func linesSplitAtTheFirstTabAndEmptyLinesAreSkipped() {
        #expect(parse(Array("node\tBB9\n\nbuild\t8.1.0\n".utf8)) == ["node=BB9", "build=8.1.0"])
        // A value may hold tabs; a line without one is a name with an empty value; the
        // last line needs no newline.
        #expect(parse(Array("a\tb\tc\nbare\nlast\tv".utf8)) == ["a=b\tc", "bare=", "last=v"])
        #expect(parse([]) == [])
        #expect(parse(Array("\n\n".utf8)) == [])
    }

    @Test func bytesThatAreNotUTF8AreRepaired() {
        #expect(parse([0x6E, 0x09, 0xFF, 0x41, 0x0A]) == ["n=\u{FFFD}A"])
    }

    @Test func aRequestsAnswersRoundTrip() {
        let answers = [("node", "A1"), ("replicas", String(repeating: "QUJD", count: 171)), ("empty", "")]
        let parsed = InfoMessage.parseResponse(InfoMessage.encodeResponse(answers))
        #expect(parsed.map(\.command) == answers.map(\.0))
        #expect(parsed.map(\.value) == answers.map(\.1))
    }
}
