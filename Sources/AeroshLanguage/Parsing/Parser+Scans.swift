import AerospikeCore

/// SELECT: aql's GET (`WHERE PK = …`), a scan (no WHERE), a query through a secondary
/// index (`WHERE bin = …`, `WHERE bin BETWEEN … AND …`), or a count of either.
extension Parser {
    /// `SELECT * | a, b | COUNT(*) FROM ns[.set] [WHERE …] [LIMIT n] [TIMEOUT t]`
    mutating func parseSelect() throws(SyntaxError) -> Statement {
        skipNewlines()
        expectAtEnd { $0.offer(["COUNT"], needPrefix: true) }
        var bins: [String]?
        let counts = try acceptCountStar()
        if !counts && !accept(.star) { bins = try parseBinNames() }
        try expect("FROM")
        let (namespace, set) = try parseNamespaceAndSet()
        var filter: IndexFilter?
        // WHERE and LIMIT are optional: only on this line.
        if accept("WHERE") {
            skipNewlines()
            expectAtEnd { $0.bins = true }
            let column = current
            if let key = try parseKeyCondition(namespace: namespace, set: set) {
                guard !counts else {
                    throw SyntaxError("COUNT(*) counts the records of a scan or a query; WHERE PK = … names one record", at: column.range.lowerBound)
                }
                if current.isKeyword("LIMIT") {
                    throw SyntaxError("LIMIT does not apply to WHERE PK = …, which reads one record", at: current.range.lowerBound)
                }
                return .get(key, bins: bins, try parseOptions(allowed: [.timeout], statement: "SELECT"))
            }
            filter = try parseFilter()
        }
        var limit: Int?
        let limitToken = current
        if accept("LIMIT") {
            guard !counts else { throw SyntaxError("LIMIT does not apply to COUNT(*), which reads every record", at: limitToken.range.lowerBound) }
            limit = try parseRecordLimit(after: "LIMIT")
        }
        let options = try parseOptions(allowed: [.timeout], statement: "SELECT")
        let query = ScanQuery(namespace: namespace, set: set, bins: bins, filter: filter, limit: limit, options: options)
        return counts ? .count(query) : .scan(query)
    }

    /// `COUNT(*)`, told from a bin named count by the parenthesis after it.
    private mutating func acceptCountStar() throws(SyntaxError) -> Bool {
        guard current.isKeyword("COUNT"), index + 1 < tokens.count, tokens[index + 1].isSymbol(.openParen) else { return false }
        advance()
        advance()
        try expect(.star, "'*': COUNT(*)")
        try expect(.closeParen)
        return true
    }

    /// `bin = 5`, `bin = 'text'` or `bin BETWEEN 1 AND 9`: what a secondary index can answer.
    mutating func parseFilter() throws(SyntaxError) -> IndexFilter {
        let bin = try parseBinName()
        skipNewlines()
        expectAtEnd { $0.offer(["BETWEEN"]) }
        if accept(.equals) {
            skipNewlines()
            let token = current
            switch try parseValue() {
            case .int(let number): return .equal(bin: bin, .int(number))
            case .string(let text): return .equal(bin: bin, .string(text))
            case let other:
                throw SyntaxError("a query compares a bin with an integer or a string (what an index holds), not \(other.typeName)", at: token.range.lowerBound)
            }
        }
        if accept("BETWEEN") {
            skipNewlines()
            let lowToken = current
            let low = try parseRangeEnd()
            try expect("AND")
            skipNewlines()
            let high = try parseRangeEnd()
            guard low <= high else {
                throw SyntaxError("BETWEEN \(low) AND \(high) selects nothing: the lower end comes first", at: lowToken.range.lowerBound)
            }
            return .range(bin: bin, low, high)
        }
        throw error(expected: "'=' or BETWEEN after the bin name")
    }

    private mutating func parseRangeEnd() throws(SyntaxError) -> Int64 {
        guard case .integer(let number) = current.kind else {
            throw error(expected: "an integer (BETWEEN takes integer ends, both included)")
        }
        advance()
        return number
    }

    /// The n of `LIMIT n` and `SET LIMIT n`: at least 1.
    mutating func parseRecordLimit(after word: String) throws(SyntaxError) -> Int {
        skipNewlines()
        let token = current
        guard case .integer(let number) = token.kind else { throw error(expected: "the largest number of records after \(word)") }
        guard number >= 1, number <= Int64(Int32.max) else {
            throw SyntaxError("\(word) must be from 1 to \(Int32.max)", at: token.range.lowerBound)
        }
        advance()
        return Int(number)
    }
}
