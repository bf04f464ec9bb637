/// A lexical unit with the byte range it came from.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An identifier or keyword, as written (keywords compare case-insensitively).
        case word(String)
        /// A string quoted with `'` or `"`, its escapes resolved (which quote is not kept).
        case string(String)
        case integer(Int64)
        case float(Double)
        /// `x'00ff'`
        case bytes([UInt8])
        case symbol(Symbol)
        /// A line break outside every bracket: it may end a statement.
        case newline
        /// Text the lexer could not read; its error is already reported.
        case invalid
        case end
    }

    public enum Symbol: String, Sendable, Hashable {
        case dot = "."
        case dotDot = ".."
        case comma = ","
        case semicolon = ";"
        case colon = ":"
        case equals = "="
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="
        /// `!=`, and `<>` as SQL writes it.
        case notEqual = "!="
        case plus = "+"
        case minus = "-"
        case slash = "/"
        /// `@ttl`: record metadata in a WHERE.
        case at = "@"
        case star = "*"
        case openParen = "("
        case closeParen = ")"
        case openBracket = "["
        case closeBracket = "]"
        case openBrace = "{"
        case closeBrace = "}"
    }

    public var kind: Kind
    public var range: Range<Int>

    public init(_ kind: Kind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// True for a word equal to `keyword`, ignoring case.
    public func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = kind { return Token.equalIgnoringASCIICase(word, keyword) }
        return false
    }

    /// Keywords are ASCII: compared byte by byte, with no uppercased copy (Unicode case
    /// mapping for every word of every statement was a tenth of the parser's time).
    static func equalIgnoringASCIICase(_ word: String, _ keyword: String) -> Bool {
        var word = word
        var keyword = keyword
        return word.withUTF8 { a in
            keyword.withUTF8 { b in
                guard a.count == b.count else { return false }
                for index in 0..<a.count where a[index] != b[index] {
                    // Letters differ by case in bit 5 only; anything else must match exactly.
                    let lower = a[index] | 0x20
                    guard lower == b[index] | 0x20, lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return false }
                }
                return true
            }
        }
    }

    public func isSymbol(_ symbol: Symbol) -> Bool {
        kind == .symbol(symbol)
    }

    /// How the token reads in "expected …, found …".
    public var spelling: String {
        switch kind {
        case .word(let word): "'\(word)'"
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
}
