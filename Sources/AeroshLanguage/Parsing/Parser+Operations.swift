import AerospikeCore

extension Parser {
    /// `op, op, …` for OPERATE.
    mutating func parseOperations() throws(SyntaxError) -> [Operation] {
        var operations = [try parseOperation()]
        while accept(.comma) { operations.append(try parseOperation()) }
        return operations
    }

    /// `READ bin | READ * | WRITE bin = value | INCR bin value | APPEND bin value |
    /// PREPEND bin value | TOUCH | DELETE`
    mutating func parseOperation() throws(SyntaxError) -> Operation {
        skipNewlines()
        expectAtEnd {
            $0.offer(["READ", "WRITE", "INCR", "APPEND", "PREPEND", "TOUCH", "DELETE"])
            $0.offerFunctions(CDTFunction.all.map(\.name))
        }
        let token = current
        guard token.isWord else { throw error(expected: "an operation (READ, WRITE, INCR, APPEND, PREPEND, TOUCH, DELETE)") }
        let word = text(token)
        // `LIST_APPEND(l, 1)`, `MAP_PUT(m, 'a', 1)`: list and map operations are calls.
        if atFunctionCall { return try parseCDTCall() }
        switch word.uppercased() {
        case "READ", "GET":
            advance()
            return accept(.star) ? .readAll : .read(try parseBinName())
        case "WRITE", "PUT", "SET":
            advance()
            let name = try parseBinName()
            try expect(.equals)
            return .write(Bin(name, try parseValue()))
        case "INCR", "INCREMENT", "ADD":
            advance()
            let name = try parseBinName()
            skipNewlines()
            let valueToken = current
            let value = try parseValue()
            try Parser.checkNumeric(value, at: valueToken)
            return .add(Bin(name, value))
        case "APPEND":
            advance()
            let name = try parseBinName()
            skipNewlines()
            let valueToken = current
            let value = try parseValue()
            try Parser.checkText(value, verb: "APPEND", at: valueToken)
            return .append(Bin(name, value))
        case "PREPEND":
            advance()
            let name = try parseBinName()
            skipNewlines()
            let valueToken = current
            let value = try parseValue()
            try Parser.checkText(value, verb: "PREPEND", at: valueToken)
            return .prepend(Bin(name, value))
        case "TOUCH":
            advance()
            return .touch
        case "DELETE":
            advance()
            return .delete
        default:
            throw SyntaxError(
                "unknown operation '\(word)'; expected READ, WRITE, INCR, APPEND, PREPEND, TOUCH or DELETE", range: token.range,
                suggestion: EditDistance.nearest(to: word.uppercased(), in: ["READ", "WRITE", "INCR", "APPEND", "PREPEND", "TOUCH", "DELETE"]))
        }
    }

    static func checkNumeric(_ value: Value, at token: Token) throws(SyntaxError) {
        switch value {
        case .int, .double: return
        default: throw SyntaxError("INCREMENT takes an integer or a float, not \(value.typeName)", at: token.range.lowerBound)
        }
    }

    static func checkText(_ value: Value, verb: String, at token: Token) throws(SyntaxError) {
        switch value {
        case .string, .bytes: return
        default: throw SyntaxError("\(verb) takes a string or bytes, not \(value.typeName)", at: token.range.lowerBound)
        }
    }
}
