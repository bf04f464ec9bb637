import AerospikeCore

extension Parser {
    /// Whether the operation at the cursor is a function call: a word, then `(`.
    var atFunctionCall: Bool {
        guard case .word = current.kind, index + 1 < tokens.count else { return false }
        return tokens[index + 1].isSymbol(.openParen)
    }

    /// `LIST_APPEND(bin[path], value) ADD_UNIQUE`: a list or map operation (`CDTFunction`).
    mutating func parseCDTCall() throws(SyntaxError) -> Operation {
        let nameToken = current
        guard nameToken.isWord else { throw error(expected: "a list or map operation") }
        let word = text(nameToken)
        guard let function = CDTFunction.named(word) else {
            throw SyntaxError(
                "unknown list or map operation '\(word)' (HELP LIST, HELP MAP)", range: nameToken.range,
                suggestion: EditDistance.nearest(to: word.uppercased(), in: CDTFunction.all.map(\.name)))
        }
        advance()
        try expect(.openParen)
        let (bin, context) = try parseBinPath()
        var values: [Value] = []
        for (position, parameter) in function.parameters.enumerated() {
            skipNewlines()
            if current.isSymbol(.closeParen) {
                guard position >= function.required else {
                    throw SyntaxError("\(function.name) needs its \(parameter.rawValue) here: \(function.synopsis)", at: current.range.lowerBound)
                }
                break
            }
            try expect(.comma, "',' or ')'")
            skipNewlines()
            let token = current
            let value = try parseValue()
            try Parser.check(value, is: parameter, of: function, at: token)
            values.append(value)
        }
        skipNewlines()
        if current.isSymbol(.comma) {
            throw SyntaxError("\(function.name) takes no more arguments: \(function.synopsis)", at: current.range.lowerBound)
        }
        try expect(.closeParen)
        let modifiers = try parseCDTModifiers(of: function)
        return .cdt(CDTOperation(binName: bin, context: context, function.build(values, modifiers)))
    }

    /// `bin`, `bin[2]`, `bin['a'][x'01'][KEY 5]`: a bin and the path into it. An integer
    /// subscript is a list index; a string or bytes one, or `KEY value`, a map key.
    mutating func parseBinPath() throws(SyntaxError) -> (String, [CDTContext]) {
        let name = try parseBinName()
        var context: [CDTContext] = []
        while accept(.openBracket) {
            skipNewlines()
            let token = current
            if accept("KEY", offered: false) {
                skipNewlines()
                let keyToken = current
                let key = try parseValue()
                try Parser.checkMapKey(key, at: keyToken)
                context.append(.mapKey(key))
            } else {
                switch token.kind {
                case .integer(let index):
                    advance()
                    context.append(.listIndex(index))
                case .string:
                    advance()
                    context.append(.mapKey(.string(text(token))))
                case .bytes:
                    advance()
                    context.append(.mapKey(.bytes(bytes(token))))
                default:
                    throw error(expected: "a list index (an integer) or a map key ('text', x'…', KEY 5)")
                }
            }
            try expect(.closeBracket)
        }
        return (name, context)
    }

    /// `RETURN type` and the words a function takes after its call, in any order.
    mutating func parseCDTModifiers(of function: CDTFunction) throws(SyntaxError) -> CDTFunction.Modifiers {
        var modifiers = CDTFunction.Modifiers()
        let allowed = CDTFunction.Modifier.allCases.filter(function.modifiers.contains).map(\.rawValue)
        while true {
            expectAtEnd { $0.offer((function.defaultReturn != nil && modifiers.returning == nil ? ["RETURN"] : []) + allowed) }
            let token = current
            guard token.isWord else { break }
            let word = text(token)
            let upper = word.uppercased()
            if upper == "RETURN" {
                guard function.defaultReturn != nil else { throw SyntaxError("\(function.name) takes no RETURN", at: token.range.lowerBound) }
                guard modifiers.returning == nil else { throw SyntaxError("RETURN is given twice", at: token.range.lowerBound) }
                advance()
                modifiers.returning = try parseReturnType(of: function)
                continue
            }
            guard let modifier = CDTFunction.Modifier(rawValue: upper) else {
                // A statement option (TTL, WHERE, …) or the end follows; a near miss of a
                // modifier is a typo.
                if StatementOptions.Kind(keyword: word) == nil,
                   let near = EditDistance.nearest(to: upper, in: allowed + (function.defaultReturn != nil ? ["RETURN"] : [])) {
                    throw SyntaxError("unknown word '\(word)' after \(function.name)(…)", range: token.range, suggestion: near)
                }
                break
            }
            guard function.modifiers.contains(modifier) else {
                throw SyntaxError("\(upper) does not apply to \(function.name)", at: token.range.lowerBound)
            }
            guard modifiers.words.insert(modifier).inserted else { throw SyntaxError("\(upper) is given twice", at: token.range.lowerBound) }
            for (one, other) in [(CDTFunction.Modifier.createOnly, CDTFunction.Modifier.updateOnly), (.keyOrdered, .keyValueOrdered)]
            where modifiers.words.isSuperset(of: [one, other]) {
                throw SyntaxError("\(one.rawValue) and \(other.rawValue) exclude each other", at: token.range.lowerBound)
            }
            advance()
        }
        return modifiers
    }

    static let returnTypes: [(String, CDTReturnType)] = [
        ("VALUE", .value), ("KEY", .key), ("INDEX", .index), ("RANK", .rank), ("COUNT", .count), ("KEY_VALUE", .keyValue),
        ("EXISTS", .exists), ("NONE", .none), ("REVERSE_INDEX", .reverseIndex), ("REVERSE_RANK", .reverseRank),
        ("UNORDERED_MAP", .unorderedMap), ("ORDERED_MAP", .orderedMap),
    ]

    private mutating func parseReturnType(of function: CDTFunction) throws(SyntaxError) -> CDTReturnType {
        skipNewlines()
        let forMaps: Set<CDTReturnType> = [.key, .keyValue, .unorderedMap, .orderedMap]
        let names = Parser.returnTypes.filter { !function.isList || !forMaps.contains($0.1) }.map(\.0)
        expectAtEnd { $0.offer(names) }
        let token = current
        guard token.isWord else { throw error(expected: "a return type (\(names.joined(separator: ", ")))") }
        let word = text(token)
        guard let type = Parser.returnTypes.first(where: { $0.0 == word.uppercased() })?.1 else {
            throw SyntaxError("unknown return type '\(word)'; expected \(names.joined(separator: ", "))", range: token.range,
                              suggestion: EditDistance.nearest(to: word.uppercased(), in: names))
        }
        guard !function.isList || !forMaps.contains(type) else {
            throw SyntaxError("a list has no keys: RETURN \(word.uppercased()) is for MAP_ operations", at: token.range.lowerBound)
        }
        advance()
        return type
    }

    /// An argument of the kind the function takes there.
    static func check(_ value: Value, is parameter: CDTFunction.Parameter, of function: CDTFunction, at token: Token) throws(SyntaxError) {
        let offset = token.range.lowerBound
        switch (parameter, value) {
        case (.index, .int), (.rank, .int), (.number, .int), (.number, .double), (.values, .list), (.entries, .map),
             (.value, _), (.begin, _), (.end, _):
            return
        case (.count, .int(let count)):
            guard count >= 0 else { throw SyntaxError("a count cannot be negative", at: offset) }
        case (.key, _):
            try checkMapKey(value, at: token)
        case (.index, _), (.rank, _), (.count, _):
            throw SyntaxError("\(function.name) takes an integer \(parameter.rawValue), not \(value.typeName)", at: offset)
        case (.number, _):
            throw SyntaxError("\(function.name) adds an integer or a float, not \(value.typeName)", at: offset)
        case (.values, _):
            throw SyntaxError("\(function.name) takes a list of values ([1, 2]), not \(value.typeName)", at: offset)
        case (.entries, _):
            throw SyntaxError("\(function.name) takes a map ({k: v}), not \(value.typeName)", at: offset)
        }
    }

    static func checkMapKey(_ key: Value, at token: Token) throws(SyntaxError) {
        switch key {
        case .int, .string, .bytes: return
        default: throw SyntaxError("a map key must be an integer, a string or bytes, not \(key.typeName)", at: token.range.lowerBound)
        }
    }
}
