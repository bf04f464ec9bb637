import AerospikeCore

/// What parsing a whole source yields: the statements that parsed, and an error for each
/// one that did not (parsing resumes after the next `;` or line end).
public struct ParseResult: Sendable {
    public var statements: [ParsedStatement]
    public var errors: [SyntaxError]

    /// True when the only problem is that the input stopped mid-statement (REPL continuation).
    public var isIncomplete: Bool {
        errors.count == 1 && errors[0].isIncomplete
    }
}

/// A recursive-descent parser over the lexer's tokens.
///
/// A newline ends a statement only where the statement may end: a mandatory piece may stand
/// on the next line, an optional one may not. So `PUT test.demo 'k'` followed by `{a: 1}` on
/// the next line is one statement, and `GET test.demo 'k'` followed by `GET …` is two.
public struct Parser {
    var tokens: [Token]
    /// The tokens' text, read when a word's or string's value is needed.
    let stream: TokenStream
    var index = 0
    /// How deep values nest, bounded so hostile input cannot exhaust the stack; the same
    /// bound as the msgpack decoder, so whatever parses can be read back.
    var valueDepth = 0
    static let maxValueDepth = Value.maxNestingDepth
    /// Set while completing: what the parser looks for where the input ends
    /// (`expectations(after:)`).
    var expected: CompletionExpectations?

    init(stream: TokenStream) {
        self.tokens = stream.tokens
        self.stream = stream
    }

    public static func parse(_ source: SourceText) -> ParseResult {
        let (stream, lexErrors) = Lexer.tokenize(source)
        var parser = Parser(stream: stream)
        var statements: [ParsedStatement] = []
        var errors: [SyntaxError] = []
        while true {
            parser.skipSeparators()
            if parser.current.isEnd { break }
            let start = parser.index
            do {
                statements.append(try parser.parseStatement())
            } catch {
                // The lexer already reported what made the statement invalid.
                let blamesInvalidToken = parser.tokens[start...parser.index].contains { $0.kind == .invalid }
                if !blamesInvalidToken { errors.append(error) }
                parser.recover()
            }
        }
        errors.append(contentsOf: lexErrors)
        errors.sort { $0.offset < $1.offset }
        return ParseResult(statements: statements, errors: errors)
    }

    // MARK: - Statements

    mutating func parseStatement() throws(SyntaxError) -> ParsedStatement {
        let first = current
        guard first.isWord else {
            throw SyntaxError("expected a statement such as GET or PUT, found \(spelling(first))", at: first.range.lowerBound)
        }
        guard let syntax = StatementSyntax.named(first.keywordCode) else {
            let word = text(first)
            throw SyntaxError("unknown statement '\(word)'", range: first.range, suggestion: StatementSyntax.suggestion(for: word))
        }
        advance()
        expected?.synopsis = syntax.synopsis
        let statement = try syntax.parse(&self, syntax)
        let end = tokens[index - 1].range.upperBound
        try expectEndOfStatement()
        return ParsedStatement(statement, range: first.range.lowerBound..<end)
    }

    mutating func expectEndOfStatement() throws(SyntaxError) {
        switch current.kind {
        case .symbol(.semicolon), .newline, .end:
            return
        case .word:
            let word = text(current)
            var failure = error(expected: "';' or the end of the line")
            let words = ["TTL", "CREATE", "UPDATE", "REPLACE", "SEND", "IF", "TIMEOUT", "DURABLE", "BINS", "ONLY", "KEY", "WHERE", "LIMIT", "BEFORE"]
            failure.suggestion = EditDistance.nearest(to: word.uppercased(), in: words)
            throw failure
        default:
            throw error(expected: "';' or the end of the line")
        }
    }

    /// Skips to just after the next `;` or line end outside brackets.
    mutating func recover() {
        while true {
            switch current.kind {
            case .end: return
            case .newline, .symbol(.semicolon):
                advance()
                return
            default:
                advance()
            }
        }
    }

    mutating func skipSeparators() {
        while current.isNewline || current.isSymbol(.semicolon) { advance() }
    }

    // MARK: - Cursor

    var current: Token { tokens[index] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    /// Moves past line ends: called where the statement cannot end yet.
    mutating func skipNewlines() {
        while current.isNewline { advance() }
    }

    /// Consumes `keyword` if it comes next on this line. Where the input ends, the keyword
    /// is what could come (for completion) unless `offered` is false (a synonym).
    mutating func accept(_ keyword: String, offered: Bool = true) -> Bool {
        if offered { expectAtEnd { $0.offer([keyword.uppercased()]) } }
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    mutating func accept(_ symbol: Token.Symbol) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(_ keyword: String) throws(SyntaxError) {
        skipNewlines()
        guard accept(keyword) else { throw error(expected: keyword) }
    }

    mutating func expect(_ symbol: Token.Symbol, _ description: String? = nil) throws(SyntaxError) {
        skipNewlines()
        guard accept(symbol) else { throw error(expected: description ?? "'\(symbol.rawValue)'") }
    }

    /// "expected X, found Y" at the current token; incomplete when the input ran out.
    func error(expected: String) -> SyntaxError {
        let token = current
        return SyntaxError("expected \(expected), found \(spelling(token))", range: token.range, isIncomplete: token.isEnd)
    }

    // MARK: - Token text

    /// A word as written, or a string's text.
    func text(_ token: Token) -> String { stream.text(of: token) }

    /// A bytes literal's value.
    func bytes(_ token: Token) -> [UInt8] { stream.bytes(of: token) }

    /// How a token reads in an error message.
    func spelling(_ token: Token) -> String { stream.spelling(of: token) }
}
