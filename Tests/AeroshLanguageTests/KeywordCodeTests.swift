@testable import AeroshLanguage
import AerospikeTestSupport
import Testing

/// Keyword codes must agree with "equal ignoring ASCII case": the parser now compares
/// words and keywords only through them.
@Suite struct KeywordCodeTests {
    /// The comparison the codes replace, written out plainly.
    func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { p, q in
            p == q || (p | 0x20 == q | 0x20 && (p | 0x20) >= UInt8(ascii: "a") && (p | 0x20) <= UInt8(ascii: "z"))
        }
    }

    @Test func aWordMatchesAKeywordInAnyCaseAndNothingElse() {
        #expect(KeywordCode("ttl") == KeywordCode("TTL"))
        #expect(KeywordCode("Where") == KeywordCode("WHERE"))
        #expect(KeywordCode("TTLS") != KeywordCode("TTL"))
        #expect(KeywordCode("TT") != KeywordCode("TTL"))
        // Only letters fold: '_' (0x5F) and DEL (0x7F) differ by the same bit as a case pair.
        #expect(KeywordCode("a_b") != KeywordCode("A\u{7F}B"))
        #expect(KeywordCode("PK1") == KeywordCode("pk1"))
        #expect(KeywordCode("") != KeywordCode("A"))
    }

    @Test func wordsOfUpTo16BytesHaveCodesAndLongerOnesMatchNoKeyword() {
        #expect(KeywordCode("ABCDEFGHIJKLMNOP") == KeywordCode("abcdefghijklmnop"))
        #expect(KeywordCode("ABCDEFGHIJKLMNOP") != KeywordCode("ABCDEFGHIJKLMNOQ"))
        #expect(KeywordCode("ABCDEFGHIJKLMNOPQ") == .none)
        #expect(!firstToken("ABCDEFGHIJKLMNOPQ").isKeyword("ABCDEFGHIJKLMNOPQ"))
        #expect(firstToken("abcdefghijklmnop").isKeyword("ABCDEFGHIJKLMNOP"))
        #expect(!firstToken("'TTL'").isKeyword("TTL"))
        #expect(firstToken("ttl").isKeyword("TTL"))
        // A zero byte cannot pass for the padding of a shorter word.
        #expect(!Token(.word, 0..<4, keywordCode: KeywordCode("TTL\u{0}")).isKeyword("TTL"))
        #expect(KeywordCode("TTL\u{0}") == .none)
    }

    func firstToken(_ text: String) -> Token {
        Lexer.tokenize(SourceText(text)).stream.tokens[0]
    }

    @Test(arguments: 0..<20)
    func codesAgreeWithTheByteComparison(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("aAbBzZ_09tTlL".utf8)
        for _ in 0..<500 {
            // Short words, which collide often, and words up to 18 bytes that share a long
            // prefix, which reach the code's second half and the 16-byte edge.
            let length = generator.next() % 2 == 0 ? Int(generator.next() % 5) : 7 + Int(generator.next() % 12)
            let a = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            var b = a
            if b.isEmpty || generator.next() % 3 == 0 {
                b = (0..<Int(generator.next() % 5)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            } else {
                b[Int(generator.next() % UInt64(b.count))] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            let (wordA, wordB) = (String(decoding: a, as: UTF8.self), String(decoding: b, as: UTF8.self))
            let expected = equalIgnoringASCIICase(wordA, wordB) && a.count <= 16
            #expect((KeywordCode(wordA) == KeywordCode(wordB) && KeywordCode(wordA) != .none) == expected, "\(wordA) vs \(wordB)")
        }
    }

    /// Raw bytes, not just letters: the code folds eight bytes at a time, so the bytes at
    /// the edges of `a`…`z` and `A`…`Z`, bytes of 0x80 and above (whose low bits look like
    /// letters) and zero bytes must fold, or not, exactly as one byte at a time would.
    @Test(arguments: 0..<10)
    func codesOfRawBytesAgreeWithTheByteComparison(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let alphabet: [UInt8] = [0x00, 0x20, 0x40, 0x41, 0x5A, 0x5B, 0x5F, 0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x80, 0xC1, 0xE1, 0xFA, 0xFF]
        func code(_ bytes: [UInt8]) -> KeywordCode { bytes.withUnsafeBufferPointer { KeywordCode($0) } }
        func foldsEqual(_ p: UInt8, _ q: UInt8) -> Bool {
            p == q || (p | 0x20 == q | 0x20 && (p | 0x20) >= UInt8(ascii: "a") && (p | 0x20) <= UInt8(ascii: "z"))
        }
        for _ in 0..<1_000 {
            let length = Int(generator.next() % 18)
            let a = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            // b: a with each byte kept, case-flipped or replaced, so equal codes are common.
            let b = a.map { byte -> UInt8 in
                switch generator.next() % 4 {
                case 0: byte ^ 0x20
                case 1: alphabet[Int(generator.next() % UInt64(alphabet.count))]
                default: byte
                }
            }
            let usable = a.count <= 16 && !a.contains(0) && !b.contains(0)
            let expected = usable && zip(a, b).allSatisfy(foldsEqual)
            #expect((code(a) == code(b) && code(a) != .none) == expected, "\(a) vs \(b)")
            #expect((code(a) == .none) == (a.count > 16 || a.contains(0)), "\(a)")
        }
    }
}
