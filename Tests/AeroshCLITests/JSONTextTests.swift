@testable import AeroshCLI
import Testing

@Suite("JSON strings")
struct JSONTextTests {
    func written(_ text: String) -> String {
        var out: [UInt8] = []
        JSONText.writeString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func plainTextIsCopiedAndEveryEscapeIsWritten() {
        #expect(written("user 1 ✓ é") == "\"user 1 ✓ é\"")
        #expect(written("a\"b\\c") == #""a\"b\\c""#)
        #expect(written("line\nnext\ttab\rcr") == #""line\nnext\ttab\rcr""#)
        #expect(written("\u{01}\u{1F}") == #""\u0001\u001f""#)
        #expect(written("") == "\"\"")
        // Escapes beside text that needs none, and characters past ASCII after an escape.
        #expect(written("é\"😀") == "\"é\\\"😀\"")
    }

    @Test func integersAreWrittenInDecimalAtEveryEdge() {
        for value: Int64 in [0, 1, -1, 9, 10, -10, 1_234_567, .max, .min] {
            var out: [UInt8] = []
            out.appendDecimal(value)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
        var out: [UInt8] = Array("x".utf8)
        out.appendDecimal(UInt32.max)
        #expect(String(decoding: out, as: UTF8.self) == "x4294967295")
    }
}
