/// What may come next where a statement's text stops: noted by the parser itself as it
/// parses the text before the cursor (the one grammar; completion keeps none of its own).
public struct CompletionExpectations: Sendable, Hashable {
    /// Keywords that fit, in upper case, in the order the parser tried them.
    public var keywords: [String] = []
    /// Offered only once a letter is typed (DIGEST where a key value is expected: Tab on
    /// nothing should not write DIGEST over a string key).
    public var keywordsNeedPrefix = false
    /// Function names that fit (list and map operations), offered only once a letter is
    /// typed: forty of them would bury the handful of plain words on an empty Tab.
    public var functions: [String] = []
    /// A namespace name fits.
    public var namespaces = false
    /// A set name of this namespace fits.
    public var setsOf: String?
    /// A bin name fits.
    public var bins = false
    /// An index name of this namespace fits (DROP INDEX).
    public var indexesOf: String?
    /// What follows a completed bin name: `: ` inside a PUT's `{name: value}`, else a space.
    public var binSuffix = " "
    /// The shape of the statement being typed, the hint when nothing fits.
    public var synopsis: String?

    public init() {}

    mutating func offerFunctions(_ names: [String]) {
        for name in names where !functions.contains(name) { functions.append(name) }
    }

    mutating func offer(_ words: [String], needPrefix: Bool = false) {
        for word in words where !keywords.contains(word) { keywords.append(word) }
        if needPrefix { keywordsNeedPrefix = true }
    }
}

extension Parser {
    /// What may follow `stream`'s tokens (a statement cut at the cursor, without line
    /// breaks or `.end`): the parser runs over them and notes each thing it looks for where
    /// they end. Nil when the text goes wrong before its end (nothing then fits).
    public static func expectations(after stream: TokenStream) -> CompletionExpectations? {
        let tokens = stream.tokens
        guard !tokens.isEmpty else {
            var all = CompletionExpectations()
            all.offer(StatementSyntax.all.map(\.keyword))
            return all
        }
        let end = tokens.last.map { $0.range.upperBound } ?? 0
        var ended = stream
        ended.tokens.append(Token(.end, end..<end))
        var parser = Parser(stream: ended)
        parser.expected = CompletionExpectations()
        do {
            _ = try parser.parseStatement()
        } catch {
            // Only a statement that ran out of input says anything about its end.
            guard error.isIncomplete else { return nil }
        }
        return parser.expected
    }

    /// While completing, when the input ends here: note what could come.
    mutating func expectAtEnd(_ note: (inout CompletionExpectations) -> Void) {
        // Matched, not compared with nil: `!= nil` copied the expectations on every call.
        guard case .some = expected, current.isEnd else { return }
        note(&expected!)
    }
}
