import AerospikeCore

extension Parser {
    /// Any value literal: scalars, `[lists]`, `{maps}`, `GEOJSON('…')`. JSON text parses too.
    mutating func parseValue() throws(SyntaxError) -> Value {
        skipNewlines()
        let token = current
        switch token.kind {
        case .string:
            advance()
            return .string(text(token))
        case .integer(let value):
            advance()
            return .int(value)
        case .float(let value):
            advance()
            return .double(value)
        case .bytes:
            advance()
            return .bytes(bytes(token))
        case .symbol(.openBracket):
            return try nested { (parser: inout Parser) throws(SyntaxError) in try parser.parseList() }
        case .symbol(.openBrace):
            return try nested { (parser: inout Parser) throws(SyntaxError) in .map(try parser.parseMapEntries()) }
        case .word:
            let word = text(token)
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
                guard case .string = textToken.kind else { throw error(expected: "the \(word.uppercased()) text as a string") }
                let text = text(textToken)
                advance()
                try expect(.closeParen)
                return try Parser.valueForm(word.uppercased(), text: text, at: textToken)
            case "CAST":
                return try parseCast()
            case "GEOJSON":
                advance()
                try expect(.openParen)
                skipNewlines()
                guard case .string = current.kind else { throw error(expected: "the GeoJSON text as a string") }
                let text = text(current)
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

    /// The value `JSON('…')`, `LIST('…')` or `MAP('…')` spells.
    static func valueForm(_ form: String, text: String, at token: Token) throws(SyntaxError) -> Value {
        let value: Value
        do {
            value = try standaloneValue(text)
        } catch {
            throw SyntaxError("\(form)(…) holds no valid value: \(error.text)", at: token.range.lowerBound)
        }
        switch (form, value) {
        case ("LIST", .list), ("MAP", .map), ("JSON", _): return value
        default: throw SyntaxError("\(form)(…) holds \(value.typeName)", at: token.range.lowerBound)
        }
    }

    /// Exactly one value, and nothing after it: the text inside `JSON('…')` and friends.
    static func standaloneValue(_ text: String) throws(SyntaxError) -> Value {
        let (stream, lexErrors) = Lexer.tokenize(SourceText(text))
        if let error = lexErrors.first { throw error }
        var parser = Parser(stream: stream)
        let value = try parser.parseValue()
        parser.skipNewlines()
        guard parser.current.isEnd else { throw parser.error(expected: "the end of the value") }
        return value
    }

    /// aql's `CAST(value AS type)`, with aql's type names: DECIMAL, INT, NUMERIC (and
    /// INTEGER) for integers; FLOAT, REAL (and DOUBLE) for floats; CHAR, STRING, TEXT,
    /// VARCHAR for strings; JSON, LIST, MAP and GEOJSON read a string's text.
    private mutating func parseCast() throws(SyntaxError) -> Value {
        advance()
        try expect(.openParen)
        skipNewlines()
        let valueToken = current
        let value: Value
        switch current.kind {
        case .string: value = .string(text(current))
        case .integer(let number): value = .int(number)
        case .float(let number): value = .double(number)
        default: throw error(expected: "a string or a number to cast")
        }
        advance()
        skipNewlines()
        guard accept("AS") else { throw error(expected: "AS and a type") }
        skipNewlines()
        let typeToken = current
        guard typeToken.isWord else { throw error(expected: "a type: INT, FLOAT, STRING, JSON, LIST, MAP or GEOJSON") }
        let typeName = text(typeToken)
        advance()
        try expect(.closeParen)
        let type = typeName.uppercased()
        let at = valueToken.range.lowerBound
        switch (type, value) {
        case ("DECIMAL", _), ("INT", _), ("INTEGER", _), ("NUMERIC", _):
            switch value {
            case .int: return value
            case .double(let number):
                if let whole = Int64(exactly: number) { return .int(whole) }
                let why = number.rounded() == number ? "it is out of the 64-bit range" : "it has a fraction"
                throw SyntaxError("cannot cast \(spelling(valueToken)) to an integer: \(why)", at: at)
            case .string(let text):
                if let number = Parser.integer(text.trimmingSpaces()) { return .int(number) }
                throw SyntaxError("cannot cast '\(text)' to an integer", at: at)
            default: throw SyntaxError("cannot cast \(spelling(valueToken)) to an integer", at: at)
            }
        case ("FLOAT", _), ("REAL", _), ("DOUBLE", _):
            switch value {
            case .int(let number): return .double(Double(number))
            case .string(let text):
                if let number = Double(text.trimmingSpaces()), number.isFinite { return .double(number) }
                throw SyntaxError("cannot cast '\(text)' to a float", at: at)
            default: return value
            }
        case ("CHAR", _), ("STRING", _), ("TEXT", _), ("VARCHAR", _):
            switch value {
            case .int(let number): return .string(String(number))
            case .double(let number): return .string(String(number))
            default: return value
            }
        case ("JSON", .string(let text)), ("LIST", .string(let text)), ("MAP", .string(let text)):
            return try Parser.valueForm(type, text: text, at: valueToken)
        case ("GEOJSON", .string(let text)):
            return .geoJSON(text)
        case ("JSON", _), ("LIST", _), ("MAP", _), ("GEOJSON", _):
            throw SyntaxError("CAST(… AS \(type)) needs the text as a string", at: at)
        default:
            throw SyntaxError("unknown type '\(typeName)': cast to INT, FLOAT, STRING, JSON, LIST, MAP or GEOJSON", at: typeToken.range.lowerBound)
        }
    }

    /// A decimal or 0x-hexadecimal integer with an optional sign, as aql's casts read them.
    static func integer(_ text: Substring) -> Int64? {
        var digits = text
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        // One sign at most: UInt64 would take a second one.
        guard let first = digits.first, first != "-", first != "+" else { return nil }
        let magnitude: UInt64?
        if digits.lowercased().hasPrefix("0x") {
            magnitude = UInt64(digits.dropFirst(2), radix: 16)
        } else {
            magnitude = UInt64(digits)
        }
        guard let magnitude else { return nil }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
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
        items.reserveCapacity(4)
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
    /// `binKeys`: the keys are bin names (a PUT's bins), which completion offers.
    mutating func parseMapEntriesWithKeyTokens(binKeys: Bool = false) throws(SyntaxError) -> [(MapEntry, Token)] {
        try expect(.openBrace)
        var entries: [(MapEntry, Token)] = []
        entries.reserveCapacity(4)
        while true {
            skipNewlines()
            if binKeys {
                expectAtEnd {
                    $0.bins = true
                    $0.binSuffix = ": "
                }
            }
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

    /// The words that are values, not bare string keys.
    private static let literalWordCodes = ["TRUE", "FALSE", "NULL", "NIL"].map(KeywordCode.init)

    private mutating func parseMapKey() throws(SyntaxError) -> Value {
        skipNewlines()
        // A bare word is a string key, unless it is a literal word or a value form such as
        // JSON('…') (a word followed by '(').
        let isValueForm = index + 1 < tokens.count && tokens[index + 1].isSymbol(.openParen)
        let token = current
        if token.isWord, !isValueForm, !Parser.literalWordCodes.contains(token.keywordCode) {
            advance()
            return .string(text(token))
        }
        let keyStart = current.range.lowerBound
        let key = try parseValue()
        switch key {
        case .int, .string, .bytes:
            return key
        case .nil, .bool, .double, .list, .map, .geoJSON:
            // A server refuses the write (AEROSPIKE_ERR_SERVER), or a client drops the entry.
            throw SyntaxError("a map key must be an integer, a string or bytes, not \(key.typeName)", at: keyStart)
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (CAST reads ' 42 ' as 42, as aql does).
    func trimmingSpaces() -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !blank($0) }), let end = lastIndex(where: { !blank($0) }) else { return "" }
        return self[start...end]
    }
}
