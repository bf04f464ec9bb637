@testable import AeroshLanguage
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
    }

    @Test(arguments: 0..<20)
    func codesAgreeWithTheByteComparison(seed: UInt64) {
        var generator = SplitMix(seed: seed)
        let alphabet = Array("aAbBzZ_09tTlL".utf8)
        for _ in 0..<500 {
            let a = String(decoding: (0..<Int(generator.next() % 5)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            let b = String(decoding: (0..<Int(generator.next() % 5)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            #expect((KeywordCode(a) == KeywordCode(b)) == equalIgnoringASCIICase(a, b), "\(a) vs \(b)")
        }
    }
}

/// A small seeded generator, so a failure names its seed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
