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
        #expect(!Token(.word("ABCDEFGHIJKLMNOPQ"), 0..<17).isKeyword("ABCDEFGHIJKLMNOPQ"))
        #expect(Token(.word("abcdefghijklmnop"), 0..<16).isKeyword("ABCDEFGHIJKLMNOP"))
        #expect(!Token(.string("TTL"), 0..<5).isKeyword("TTL"))
        // A zero byte cannot pass for the padding of a shorter word.
        #expect(!Token(.word("TTL\u{0}"), 0..<4).isKeyword("TTL"))
        #expect(KeywordCode("TTL\u{0}") == .none)
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
}
