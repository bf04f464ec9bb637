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
        guard bytes.count <= 16, let base = bytes.baseAddress else {
            self = bytes.isEmpty ? KeywordCode(high: 0, low: 0) : .none
            return
        }
        // The word's bytes in two zero-padded little-endian words, folded eight at a time:
        // the codes are only compared for equality, so the byte order is free.
        var high: UInt64 = 0, low: UInt64 = 0
        for index in 0..<min(8, bytes.count) { high |= UInt64(base[index]) << (8 &* UInt64(index)) }
        for index in 8..<max(8, bytes.count) { low |= UInt64(base[index]) << (8 &* UInt64(index &- 8)) }
        // Zero bytes pad a short word's code: a word holding one would match the word
        // without it. No keyword holds one (and the lexer's words never do).
        if Self.zeroBytes(in: high, count: min(8, bytes.count)) || Self.zeroBytes(in: low, count: max(0, bytes.count - 8)) {
            self = .none
            return
        }
        self.init(high: Self.upperCased(high), low: Self.upperCased(low))
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Each byte from `a` to `z` less 0x20, the rest unchanged, eight bytes at once: a
    /// byte's high bit marks "at least `a`" and "above `z`" after adding to its low seven
    /// bits (which cannot carry into the next byte), and only bytes below 0x80 fold.
    private static func upperCased(_ word: UInt64) -> UInt64 {
        let low7 = word & ~highBits
        let atLeastA = low7 &+ ones &* UInt64(0x80 - 0x61)
        let aboveZ = low7 &+ ones &* UInt64(0x80 - 0x7B)
        let lower = atLeastA & ~aboveZ & ~word & highBits
        return word &- (lower >> 2)
    }

    /// Whether any of the first `count` bytes (little-endian) is zero.
    private static func zeroBytes(in word: UInt64, count: Int) -> Bool {
        guard count > 0 else { return false }
        let used: UInt64 = count >= 8 ? .max : (1 << (8 * UInt64(count))) - 1
        // A byte is zero when neither its low seven bits nor its high bit are set.
        let low7 = word & ~highBits
        let nonzero = ((low7 &+ ~highBits) | word) & highBits
        return (~nonzero & highBits & used) != 0
    }

    init(_ word: String) {
        var word = word
        self = word.withUTF8 { KeywordCode($0) }
    }
}
