import AerospikeCore

extension Parser {
    /// Any value literal: scalars, `[lists]`, `{maps}`, `GEOJSON('…')`. JSON text parses too.
    mutating func parseValue() throws(SyntaxError) -> Value {
        skipNewlines()
        let token = current
        switch token.kind {
        case .string(let text):
            advance()
            return .string(text)
        case .integer(let value):
            advance()
            return .int(value)
        case .float(let value):
            advance()
            return .double(value)
        case .bytes(let bytes):
            advance()
            return .bytes(bytes)
        case .symbol(.openBracket):
            return try nested { (parser: inout Parser) throws(SyntaxError) in try parser.parseList() }
        case .symbol(.openBrace):
            return try nested { (parser: inout Parser) throws(SyntaxError) in .map(try parser.parseMapEntries()) }
        case .word(let word):
            switch word.uppercased() {
            case "TRUE":
                advance()
                return .bool(true)
            case "FALSE":
                advance()
                return .bool(false)
            case "NULL", "NIL":
                advance()
                return .nil
            case "JSON", "LIST", "MAP":
                // aql's value forms: the text is value syntax (JSON is a subset of it).
                advance()
                try expect(.openParen)
                skipNewlines()
                let textToken = current
                guard case .string(let text) = current.kind else { throw error(expected: "the \(word.uppercased()) text as a string") }
                advance()
                try expect(.closeParen)
                let inner = Parser.parse(SourceText("PUT x.y 'k' {v: \(text)}"))
                guard inner.errors.isEmpty, case .put(_, let bins, _)? = inner.statements.first?.statement, let value = bins.first?.value else {
                    throw SyntaxError("\(word.uppercased())(…) holds no valid value: \(inner.errors.first?.message ?? "expected one value")", at: textToken.range.lowerBound)
                }
                switch (word.uppercased(), value) {
                case ("LIST", .list), ("MAP", .map), ("JSON", _): return value
                default: throw SyntaxError("\(word.uppercased())(…) holds \(value.typeName)", at: textToken.range.lowerBound)
                }
            case "GEOJSON":
                advance()
                try expect(.openParen)
                skipNewlines()
                guard case .string(let text) = current.kind else { throw error(expected: "the GeoJSON text as a string") }
                advance()
                try expect(.closeParen)
                return .geoJSON(text)
            default:
                throw SyntaxError("expected a value, found '\(word)' (quote text: '\(word)')", at: token.range.lowerBound)
            }
        default:
            throw error(expected: "a value")
        }
    }

    private mutating func nested(_ body: (inout Parser) throws(SyntaxError) -> Value) throws(SyntaxError) -> Value {
        guard valueDepth < Parser.maxValueDepth else {
            throw SyntaxError("values nest more than \(Parser.maxValueDepth) levels deep", at: current.range.lowerBound)
        }
        valueDepth += 1
        defer { valueDepth -= 1 }
        return try body(&self)
    }

    private mutating func parseList() throws(SyntaxError) -> Value {
        try expect(.openBracket)
        var items: [Value] = []
        while true {
            skipNewlines()
            if accept(.closeBracket) { return .list(items) }
            items.append(try parseValue())
            skipNewlines()
            if accept(.closeBracket) { return .list(items) }
            try expect(.comma, "',' or ']'")
        }
    }

    /// `{key: value, …}` where a bare identifier key is a string (`{name: 'Alice'}`).
    mutating func parseMapEntries() throws(SyntaxError) -> [MapEntry] {
        try parseMapEntriesWithKeyTokens().map(\.0)
    }

    /// Map entries with the token each key was read from, for errors about bin names.
    mutating func parseMapEntriesWithKeyTokens() throws(SyntaxError) -> [(MapEntry, Token)] {
        try expect(.openBrace)
        var entries: [(MapEntry, Token)] = []
        while true {
            skipNewlines()
            if accept(.closeBrace) { return entries }
            let keyToken = current
            let key = try parseMapKey()
            try expect(.colon)
            entries.append((MapEntry(key, try parseValue()), keyToken))
            skipNewlines()
            if accept(.closeBrace) { return entries }
            try expect(.comma, "',' or '}'")
        }
    }

    private mutating func parseMapKey() throws(SyntaxError) -> Value {
        skipNewlines()
        // A bare word is a string key, unless it is a literal word or a value form such as
        // JSON('…') (a word followed by '(').
        let isValueForm = index + 1 < tokens.count && tokens[index + 1].isSymbol(.openParen)
        if case .word(let word) = current.kind, !isValueForm, !["TRUE", "FALSE", "NULL", "NIL"].contains(word.uppercased()) {
            advance()
            return .string(word)
        }
        return try parseValue()
    }
}
