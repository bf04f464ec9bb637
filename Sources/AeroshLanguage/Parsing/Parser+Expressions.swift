import AerospikeCore

/// WHERE conditions: a filter expression written as a person writes one —
/// `age >= 18 AND name LIKE '^A' OR NOT @key_exists` — parsed into the client core's
/// `Expression`, with the type every bin is read as decided from what it is compared with
/// (a server reads a bin as one type, and a bin of another type makes the comparison
/// false). What cannot be typed, or mixes types, is a syntax error with a caret.
///
/// Precedence, loosest first: OR, AND, NOT, a predicate (`= != <> < <= > >=`, BETWEEN,
/// LIKE, IS [NOT] NULL), `+ -`, `* /`, and the operands: values, bins, `@metadata`,
/// `SIZE(bin)`, `bin[index]`, `bin['key']`, `BIN('any name')`, parentheses.
extension Parser {
    /// A whole condition: its value must be true or false.
    mutating func parseCondition() throws(SyntaxError) -> Expression {
        skipNewlines()
        return try condition(try parseDisjunction())
    }

    private mutating func parseDisjunction() throws(SyntaxError) -> ExpressionOperand {
        let start = current
        let first = try parseConjunction()
        var terms = [first]
        while accept("OR") {
            skipNewlines()
            terms.append(try parseConjunction())
        }
        guard terms.count > 1 else { return first }
        var conditions: [Expression] = []
        for term in terms { conditions.append(try condition(term)) }
        return try nested(.typed(.or(conditions), .bool), first.range.lowerBound..<(terms.last?.range.upperBound ?? first.range.upperBound), over: terms, at: start)
    }

    private mutating func parseConjunction() throws(SyntaxError) -> ExpressionOperand {
        let start = current
        let first = try parseNegation()
        var terms = [first]
        while accept("AND") {
            skipNewlines()
            terms.append(try parseNegation())
        }
        guard terms.count > 1 else { return first }
        var conditions: [Expression] = []
        for term in terms { conditions.append(try condition(term)) }
        return try nested(.typed(.and(conditions), .bool), first.range.lowerBound..<(terms.last?.range.upperBound ?? first.range.upperBound), over: terms, at: start)
    }

    /// `NOT NOT … predicate`: the NOTs are counted in a loop, not by recursion, so a
    /// hostile run of them stops at the limit instead of exhausting the stack.
    private mutating func parseNegation() throws(SyntaxError) -> ExpressionOperand {
        var nots: [Token] = []
        while true {
            let token = current
            guard accept("NOT") else { break }
            if nots.count == Parser.maxValueDepth {
                throw SyntaxError("a condition nests more than \(Parser.maxValueDepth) levels deep", at: token.range.lowerBound)
            }
            nots.append(token)
            skipNewlines()
        }
        var operand = try parsePredicate()
        for token in nots.reversed() {
            operand = try nested(.typed(.not(try condition(operand)), .bool), token.range.lowerBound..<operand.range.upperBound, over: [operand], at: token)
        }
        return operand
    }

    private mutating func parsePredicate() throws(SyntaxError) -> ExpressionOperand {
        let left = try parseSum()
        expectAtEnd { $0.offer(["BETWEEN", "LIKE", "IS", "AND", "OR"]) }
        let comparisons: [(Token.Symbol, ComparisonOperator)] = [
            (.equals, .equal), (.notEqual, .notEqual), (.less, .less), (.lessOrEqual, .lessOrEqual),
            (.greater, .greater), (.greaterOrEqual, .greaterOrEqual),
        ]
        for (symbol, op) in comparisons where current.isSymbol(symbol) {
            let operatorToken = current
            advance()
            skipNewlines()
            let right = try parseSum()
            return try compare(op, left, right, at: operatorToken)
        }
        if current.isKeyword("BETWEEN") {
            let operatorToken = current
            advance()
            skipNewlines()
            let low = try parseSum()
            try expect("AND")
            skipNewlines()
            let high = try parseSum()
            let lower = try compare(.greaterOrEqual, left, low, at: operatorToken)
            let upper = try compare(.lessOrEqual, left, high, at: operatorToken)
            guard case .typed(let a, _) = lower.form, case .typed(let b, _) = upper.form else { return lower }
            return try nested(.typed(.and([a, b]), .bool), left.range.lowerBound..<high.range.upperBound, over: [lower, upper], at: operatorToken)
        }
        if current.isKeyword("LIKE") {
            advance()
            skipNewlines()
            let patternToken = current
            guard case .string = patternToken.kind else { throw error(expected: "a regular expression in quotes after LIKE") }
            let pattern = text(patternToken)
            advance()
            let subject = try resolve(left, as: .string, purpose: "LIKE matches strings")
            // POSIX extended syntax (the clients' REGEX_EXTENDED), as people write regexes.
            return try nested(.typed(.regex(pattern, flags: 1, subject), .bool), left.range.lowerBound..<patternToken.range.upperBound, over: [left], at: patternToken)
        }
        if current.isKeyword("IS") {
            advance()
            let negated = accept("NOT")
            let nullToken = current
            guard accept("NULL") else { throw error(expected: "NULL after IS") }
            guard case .bin(let name) = left.form else {
                throw SyntaxError("IS NULL asks whether a bin exists: write a bin name before it", range: left.range)
            }
            let test = Expression.comparison(negated ? .notEqual : .equal, .binType(name), .literal(.int(0)))
            return ExpressionOperand(.typed(test, .bool), left.range.lowerBound..<nullToken.range.upperBound)
        }
        return left
    }

    private mutating func parseSum() throws(SyntaxError) -> ExpressionOperand {
        var left = try parseProduct()
        while true {
            let token = current
            if accept(.plus) || accept(.minus) {
                skipNewlines()
                let right = try parseProduct()
                left = try arithmetic(token.isSymbol(.plus) ? .add : .subtract, left, right, at: token)
                continue
            }
            // `v -1` reads as v minus 1: the lexer took "-1" for a negative number.
            if case .integer(let value) = token.kind, value < 0 {
                advance()
                let right = ExpressionOperand(.typed(.literal(.int(0 &- value)), .int), token.range)
                left = try arithmetic(.subtract, left, right, at: token)
                continue
            }
            if case .float(let value) = token.kind, value < 0 {
                advance()
                let right = ExpressionOperand(.typed(.literal(.double(-value)), .float), token.range)
                left = try arithmetic(.subtract, left, right, at: token)
                continue
            }
            return left
        }
    }

    private mutating func parseProduct() throws(SyntaxError) -> ExpressionOperand {
        var left = try parseOperand()
        while current.isSymbol(.star) || current.isSymbol(.slash) {
            let token = current
            advance()
            skipNewlines()
            let right = try parseOperand()
            left = try arithmetic(token.isSymbol(.star) ? .multiply : .divide, left, right, at: token)
        }
        return left
    }

    private mutating func parseOperand() throws(SyntaxError) -> ExpressionOperand {
        skipNewlines()
        expectAtEnd { expectations in
            expectations.bins = true
            expectations.offer(["NOT", "SIZE", "@"])
        }
        let token = current
        switch token.kind {
        case .end, .newline:
            throw error(expected: "a condition: a bin, a value, @metadata or '('")
        case .symbol(.openParen):
            guard valueDepth < Parser.maxValueDepth else {
                throw SyntaxError("a condition nests more than \(Parser.maxValueDepth) levels deep", at: token.range.lowerBound)
            }
            valueDepth += 1
            defer { valueDepth -= 1 }
            advance()
            skipNewlines()
            let inner = try parseDisjunction()
            try expect(.closeParen)
            return ExpressionOperand(inner.form, token.range.lowerBound..<tokens[index - 1].range.upperBound, depth: inner.depth)
        case .symbol(.at):
            return try parseMetadata()
        case .word:
            switch text(token).uppercased() {
            case "TRUE", "FALSE", "NULL", "NIL", "JSON", "LIST", "MAP", "CAST", "GEOJSON":
                return try parseLiteral()
            case "SIZE" where tokens[index + 1].isSymbol(.openParen):
                advance()
                advance()
                let bin = try parseBinReference()
                try expect(.closeParen)
                return ExpressionOperand(.size(bin), token.range.lowerBound..<tokens[index - 1].range.upperBound)
            case "BIN" where tokens[index + 1].isSymbol(.openParen):
                advance()
                advance()
                skipNewlines()
                let nameToken = current
                guard case .string = nameToken.kind else { throw error(expected: "a bin name in quotes: BIN('any name')") }
                let name = text(nameToken)
                try Parser.checkBinName(name, at: nameToken)
                advance()
                try expect(.closeParen)
                return try parseSubscripts(bin: name, start: token)
            default:
                let bin = try parseBinReference()
                return try parseSubscripts(bin: bin, start: token)
            }
        default:
            return try parseLiteral()
        }
    }

    private mutating func parseLiteral() throws(SyntaxError) -> ExpressionOperand {
        let start = current
        let value = try parseValue()
        return ExpressionOperand(.typed(.literal(value), ExpressionType(of: value)), start.range.lowerBound..<tokens[index - 1].range.upperBound)
    }

    /// A bare bin name (a word), checked like any bin name.
    private mutating func parseBinReference() throws(SyntaxError) -> String {
        skipNewlines()
        let token = current
        guard token.isWord else { throw error(expected: "a bin name, a value, @metadata or '('") }
        let name = text(token)
        try Parser.checkBinName(name, at: token)
        advance()
        return name
    }

    /// `l[0]` (a list element; negative from the end) or `m['key']` (a map value).
    private mutating func parseSubscripts(bin: String, start: Token) throws(SyntaxError) -> ExpressionOperand {
        guard current.isSymbol(.openBracket), current.range.lowerBound == tokens[index - 1].range.upperBound else {
            return ExpressionOperand(.bin(bin), start.range.lowerBound..<tokens[index - 1].range.upperBound)
        }
        advance()
        let keyToken = current
        let key = try parseValue()
        try expect(.closeBracket)
        if current.isSymbol(.openBracket) {
            throw SyntaxError("one subscript is read at a time here: l[0] or m['key']", at: current.range.lowerBound)
        }
        let kind: CollectionRead.Kind
        switch key {
        case .int(let position): kind = .listValue(index: position)
        case .string, .bytes: kind = .mapValue(key: key)
        default:
            throw SyntaxError("a subscript is a list index (an integer) or a map key (a string or bytes), not \(key.typeName)", at: keyToken.range.lowerBound)
        }
        return ExpressionOperand(.element(kind, bin: bin), start.range.lowerBound..<tokens[index - 1].range.upperBound)
    }

    /// `@ttl`, `@void_time`, `@last_update`, `@since_update`, `@record_size`, `@set`,
    /// `@key_exists`, `@is_tombstone`, `@digest_modulo(n)`.
    private mutating func parseMetadata() throws(SyntaxError) -> ExpressionOperand {
        let at = current
        advance()
        expectAtEnd { $0.offer(Parser.metadataNames) }
        let token = current
        guard token.isWord, token.range.lowerBound == at.range.upperBound else {
            throw error(expected: "metadata after '@': \(Parser.metadataNames.joined(separator: ", "))")
        }
        let word = text(token)
        advance()
        let metadata: MetadataExpression
        switch word.uppercased() {
        case "TTL": metadata = .ttl
        case "VOID_TIME": metadata = .voidTime
        case "LAST_UPDATE": metadata = .lastUpdate
        case "SINCE_UPDATE": metadata = .sinceUpdate
        case "RECORD_SIZE": metadata = .recordSize
        case "SET", "SET_NAME": metadata = .setName
        case "KEY_EXISTS": metadata = .keyExists
        case "IS_TOMBSTONE": metadata = .isTombstone
        case "DIGEST_MODULO":
            try expect(.openParen)
            skipNewlines()
            let numberToken = current
            guard case .integer(let modulus) = numberToken.kind, modulus > 0, modulus <= Int64(Int32.max) else {
                throw error(expected: "a positive integer: @digest_modulo(3)")
            }
            advance()
            try expect(.closeParen)
            metadata = .digestModulo(modulus)
        default:
            throw SyntaxError("unknown metadata '@\(word)'; use one of \(Parser.metadataNames.map { "@" + $0 }.joined(separator: ", "))", range: at.range.lowerBound..<token.range.upperBound)
        }
        return ExpressionOperand(.typed(.metadata(metadata), metadata.type), at.range.lowerBound..<tokens[index - 1].range.upperBound)
    }

    static let metadataNames = ["ttl", "void_time", "last_update", "since_update", "record_size", "set", "key_exists", "is_tombstone", "digest_modulo"]
}
