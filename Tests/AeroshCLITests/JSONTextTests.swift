@testable import AeroshCLI
import Testing

@Suite("JSON strings")
struct JSONTextTests {
    func written(_ text: String) -> String {
        var out = ""
        JSONText.writeString(text, to: &out)
        return out
    }

    @Test func plainTextIsCopiedAndEveryEscapeIsWritten() {
        #expect(written("user 1 ✓ é") == "\"user 1 ✓ é\"")
        #expect(written("a\"b\\c") == #""a\"b\\c""#)
        #expect(written("line\nnext\ttab\rcr") == #""line\nnext\ttab\rcr""#)
        #expect(written("\u{01}\u{1F}") == #""\u0001\u001f""#)
        #expect(written("") == "\"\"")
    }
}
