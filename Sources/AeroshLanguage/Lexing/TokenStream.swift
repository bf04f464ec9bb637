/// A source's tokens with the text they were read from: the parser asks it for a word's,
/// a string's or a bytes literal's value when it needs one, and most words (keywords)
/// never need theirs.
public struct TokenStream: Sendable {
    /// The tokens, ending with `.end` as the lexer makes them; callers may filter them
    /// (completion drops line breaks), since each token keeps its own range.
    public var tokens: [Token]
    let bytes: [UInt8]
    /// The text of each string holding escapes, by the token's `resolvedIndex`.
    let resolvedStrings: [String]

    init(tokens: [Token], bytes: [UInt8], resolvedStrings: [String]) {
        self.tokens = tokens
        self.bytes = bytes
        self.resolvedStrings = resolvedStrings
    }

    /// A word as written, or a string's text with its escapes resolved; "" for other tokens.
    public func text(of token: Token) -> String {
        switch token.kind {
        case .word:
            return string(token.range)
        case .string:
            if token.resolvedIndex >= 0 { return resolvedStrings[Int(token.resolvedIndex)] }
            // No escape: the text is the bytes between the quotes.
            return string(token.range.lowerBound + 1..<token.range.upperBound - 1)
        default:
            return ""
        }
    }

    /// A bytes literal's value, from the hex digits the lexer checked (spaces allowed
    /// between them); empty for other tokens.
    public func bytes(of token: Token) -> [UInt8] {
        guard case .bytes = token.kind else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity((token.range.count - 3) / 2)
        var high: UInt8?
        // Skip `x'` and the closing `'`.
        for byte in bytes[token.range.lowerBound + 2..<token.range.upperBound - 1] where byte != UInt8(ascii: " ") {
            let value = Self.hexValue(byte)
            if let first = high {
                out.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out
    }

    /// How the token reads in "expected …, found …".
    public func spelling(of token: Token) -> String {
        switch token.kind {
        case .word: "'\(text(of: token))'"
        case .string: "a string"
        case .integer(let value): "\(value)"
        case .float(let value): "\(value)"
        case .bytes: "a bytes literal"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .newline: "the end of the line"
        case .invalid: "invalid text"
        case .end: "the end of the input"
        }
    }

    private func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: byte - UInt8(ascii: "A") + 10
        }
    }
}
