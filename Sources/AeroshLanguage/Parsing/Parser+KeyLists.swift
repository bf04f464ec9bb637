import AerospikeCore

extension Parser {
    /// More keys than this in one statement is a mistake rather than a batch.
    static let maxBatchKeys = 1_000_000

    /// `namespace[.set] (pk, pk, …)` where a pk may be a range: `1..100`, or a string
    /// holding one `{a..b}` (`'user_{0..9}'`, zero-padded as written: `'{000..999}'`).
    mutating func parseKeyList() throws(SyntaxError) -> BatchKeys {
        let (namespace, set) = try parseNamespaceAndSet(expecting: "keys such as test.demo ('a', 'b')")
        try expect(.openParen, "'(' and the list of keys")
        var keys = BatchKeys(namespace: namespace, set: set)
        skipNewlines()
        if current.isSymbol(.closeParen) {
            throw SyntaxError("a batch needs at least one key", at: current.range.lowerBound)
        }
        while true {
            skipNewlines()
            if accept(.closeParen) { break }
            let token = current
            keys.append(try parseKeyListItem())
            guard keys.count <= Parser.maxBatchKeys else {
                throw SyntaxError("a batch holds at most \(Parser.maxBatchKeys) keys", at: token.range.lowerBound)
            }
            skipNewlines()
            if accept(.closeParen) { break }
            try expect(.comma, "',' or ')'")
        }
        return keys
    }

    /// `ns[.set] (pk {bins}, pk {bins}, …)` for BATCH PUT.
    mutating func parseBatchPutList() throws(SyntaxError) -> [BatchWrite] {
        let (namespace, set) = try parseNamespaceAndSet(expecting: "records such as test.demo ('a' {v: 1})")
        try expect(.openParen, "'(' and the records")
        var entries: [BatchWrite] = []
        skipNewlines()
        if current.isSymbol(.closeParen) { throw SyntaxError("a batch needs at least one key", at: current.range.lowerBound) }
        while true {
            skipNewlines()
            let userKey: UserKey
            switch current.kind {
            case .string: userKey = .string(text(current))
            case .integer(let value): userKey = .int(value)
            case .bytes: userKey = .bytes(bytes(current))
            default: throw error(expected: "a record's key: a string, an integer or x'…' bytes")
            }
            advance()
            let bins = try parseBins()
            entries.append(BatchWrite(key: Key(namespace: namespace, set: set, userKey: userKey), operations: bins.map { .write($0) }))
            skipNewlines()
            if accept(.closeParen) { return entries }
            try expect(.comma, "',' or ')'")
        }
    }

    private mutating func parseKeyListItem() throws(SyntaxError) -> BatchKeys.Item {
        let token = current
        switch token.kind {
        case .integer(let first):
            advance()
            guard accept(.dotDot) else { return .key(.int(first)) }
            guard case .integer(let last) = current.kind else { throw error(expected: "the end of the range") }
            advance()
            guard first <= last else { throw SyntaxError("the range \(first)..\(last) is empty", at: token.range.lowerBound) }
            let span = last.subtractingReportingOverflow(first)
            guard !span.overflow, span.partialValue < Int64(Parser.maxBatchKeys) else {
                throw SyntaxError("a batch holds at most \(Parser.maxBatchKeys) keys", at: token.range.lowerBound)
            }
            return .integers(first...last)
        case .string:
            advance()
            return try Parser.stringRange(text(token), at: token)
        case .bytes:
            advance()
            return .key(.bytes(bytes(token)))
        default:
            throw error(expected: "a key: a string, an integer, a range such as 1..100, or x'…' bytes")
        }
    }

    /// `'user_{0..9}'` → user_0 … user_9; `'{000..999}'` keeps the width of its first bound.
    /// A string without such a range is one key.
    static func stringRange(_ text: String, at token: Token) throws(SyntaxError) -> BatchKeys.Item {
        guard let open = text.firstIndex(of: "{"), let close = text[open...].firstIndex(of: "}") else { return .key(.string(text)) }
        let inside = text[text.index(after: open)..<close]
        let bounds = inside.split(separator: ".", omittingEmptySubsequences: true)
        guard inside.contains(".."), bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]), first >= 0 else {
            return .key(.string(text))
        }
        guard first <= last else { throw SyntaxError("the range {\(inside)} is empty", at: token.range.lowerBound) }
        guard last - first < maxBatchKeys else { throw SyntaxError("a batch holds at most \(maxBatchKeys) keys", at: token.range.lowerBound) }
        let width = bounds[0].hasPrefix("0") && bounds[0].count > 1 ? bounds[0].count : 0
        return .numbered(prefix: String(text[..<open]), numbers: first...last, width: width, suffix: String(text[text.index(after: close)...]))
    }
}
