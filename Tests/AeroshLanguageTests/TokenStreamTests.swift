@testable import AeroshLanguage
import Testing

/// Tokens carry no text; the stream reads a word's, a string's or a bytes literal's value
/// from the source, resolving a string's escapes once in the lexer.
@Suite struct TokenStreamTests {
    func lex(_ text: String) -> TokenStream {
        let (stream, errors) = Lexer.tokenize(SourceText(text))
        #expect(errors.isEmpty, "\(errors)")
        return stream
    }

    @Test func wordsAndStringsReadBackTheirText() {
        let stream = lex(#"GET test.demo_1 'plain' "dq" '' 'ünï ☃'"#)
        let texts = stream.tokens.filter { $0.isWord || $0.kind == .string }.map(stream.text(of:))
        #expect(texts == ["GET", "test", "demo_1", "plain", "dq", "", "ünï ☃"])
    }

    @Test func escapesAreResolvedAndTheRestIsTakenAsWritten() {
        let stream = lex(#"'a\'b' "tab\there" 'line\nbreak' '\u00e9\u{1F600}' 'sur\ud83d\ude00' 'back\\slash' 'x'"#)
        let texts = stream.tokens.filter { $0.kind == .string }.map(stream.text(of:))
        #expect(texts == ["a'b", "tab\there", "line\nbreak", "é😀", "sur😀", "back\\slash", "x"])
    }

    @Test func bytesLiteralsReadTheirHexDigitsWithSpacesBetween() {
        let stream = lex("x'00ff' X'0A 0b' x'' x'de ad be ef'")
        let values = stream.tokens.filter { $0.kind == .bytes }.map(stream.bytes(of:))
        #expect(values == [[0x00, 0xFF], [0x0A, 0x0B], [], [0xDE, 0xAD, 0xBE, 0xEF]])
    }

    @Test func otherTokensHaveNoTextAndTheirOwnSpelling() {
        let stream = lex("42 1.5 , ;")
        #expect(stream.tokens.map(stream.text(of:)) == ["", "", "", "", ""])
        #expect(stream.tokens.map(stream.spelling(of:)) == ["42", "1.5", "','", "';'", "the end of the input"])
        #expect(stream.bytes(of: stream.tokens[0]) == [])
    }

    @Test func aFilteredStreamKeepsEachTokensText() {
        var stream = lex("PUT test.demo 'k1'\n{a: 1}")
        stream.tokens.removeAll { $0.isNewline || $0.isEnd || !($0.isWord || $0.kind == .string) }
        #expect(stream.tokens.map(stream.text(of:)) == ["PUT", "test", "demo", "k1", "a"])
    }
}
