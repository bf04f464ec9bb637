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
    /// A word's keyword code (`none` for other tokens), made once by the lexer.
    public var keywordCode: KeywordCode

    public init(_ kind: Kind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
        if case .word(let word) = kind { keywordCode = KeywordCode(word) } else { keywordCode = .none }
    }

    /// A word whose keyword code the lexer made from its bytes.
    init(word: String, code: KeywordCode, _ range: Range<Int>) {
        self.kind = .word(word)
        self.range = range
        self.keywordCode = code
    }

    /// True for a word equal to `keyword`, ignoring case.
    public func isKeyword(_ keyword: String) -> Bool {
        keywordCode != .none && keywordCode == KeywordCode(keyword)
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
