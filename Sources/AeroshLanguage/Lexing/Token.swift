/// A lexical unit: what kind it is and the byte range it came from.
///
/// A token holds no text of its own: a word's or a string's text is read from the source
/// when the parser needs it (`TokenStream.text(of:)`). So a token is a plain value, copied
/// and compared without reference counting. When a word carried its `String`, copying
/// tokens and their kinds (each look at the current token is one) and making a string for
/// every keyword took about a third of the parser's time.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An identifier or keyword (keywords compare case-insensitively, by `keywordCode`).
        case word
        /// A string quoted with `'` or `"`; its text has its escapes resolved.
        case string
        case integer(Int64)
        case float(Double)
        /// `x'00ff'`
        case bytes
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

    public let kind: Kind
    public let range: Range<Int>
    /// A word's keyword code (`none` for other tokens), made once by the lexer.
    public let keywordCode: KeywordCode
    /// For a string holding escapes, where its resolved text is in the stream; -1 for a
    /// string whose text is its bytes between the quotes, and for every other token.
    let resolvedIndex: Int32

    init(_ kind: Kind, _ range: Range<Int>, keywordCode: KeywordCode = .none, resolvedIndex: Int32 = -1) {
        self.kind = kind
        self.range = range
        self.keywordCode = keywordCode
        self.resolvedIndex = resolvedIndex
    }

    /// True for a word equal to `keyword`, ignoring case.
    public func isKeyword(_ keyword: String) -> Bool {
        // A keyword of another length needs no code: most checks end here.
        keywordCode != .none && range.count == keyword.utf8.count && keywordCode == KeywordCode(keyword)
    }

    public func isSymbol(_ symbol: Symbol) -> Bool {
        kind == .symbol(symbol)
    }

    public var isEnd: Bool { kind == .end }

    public var isNewline: Bool { kind == .newline }

    public var isWord: Bool { kind == .word }
}
