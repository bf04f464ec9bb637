/// A word folded to upper case and packed into two integers, so the parser compares a word
/// with a keyword in two integer comparisons rather than byte by byte: the parser asks
/// "is this word TTL? BINS? WHERE?" many times per statement, and those comparisons,
/// with the search for the statement's keyword, were a sixth of its time.
///
/// Letters fold to upper case; every other byte is kept as it is, so two words have the
/// same code exactly when they are equal ignoring ASCII case. Words longer than 16 bytes
/// (no keyword is), or holding a zero byte, get `none`, which no keyword has.
public struct KeywordCode: Sendable, Hashable {
    var high: UInt64
    var low: UInt64

    /// No keyword: words past 16 bytes, and tokens that are not words.
    static let none = KeywordCode(high: .max, low: .max)

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 16 else {
            self = .none
            return
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for index in 0..<bytes.count {
            var byte = bytes[index]
            // Zero bytes pad a short word's code: a word holding one would match the word
            // without it. No keyword holds one (and the lexer's words never do).
            if byte == 0 {
                self = .none
                return
            }
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte &-= 0x20 }
            if index < 8 {
                high |= UInt64(byte) << (56 - 8 * UInt64(index))
            } else {
                low |= UInt64(byte) << (56 - 8 * UInt64(index - 8))
            }
        }
        self.init(high: high, low: low)
    }

    init(_ word: String) {
        var word = word
        self = word.withUTF8 { KeywordCode($0) }
    }
}
