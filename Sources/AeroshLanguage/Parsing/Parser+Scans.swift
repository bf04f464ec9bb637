import AerospikeCore

/// SELECT: aql's GET (`WHERE PK = …`), a scan (no WHERE), or a scan or query with a
/// condition (`WHERE <condition>`: an index answers what it can, a filter expression the
/// rest), or a count of any of them.
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
        var condition: Expression?
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
                return .get(key, bins: bins, try parseOptions(allowed: [.timeout], statement: "SELECT", filters: false))
            }
            condition = try parseCondition()
        }
        var limit: Int?
        let limitToken = current
        if accept("LIMIT") {
            guard !counts else { throw SyntaxError("LIMIT does not apply to COUNT(*), which reads every record", at: limitToken.range.lowerBound) }
            limit = try parseRecordLimit(after: "LIMIT")
        }
        let options = try parseOptions(allowed: [.timeout], statement: "SELECT", filters: false)
        let query = ScanQuery(namespace: namespace, set: set, bins: bins, condition: condition, limit: limit, options: options)
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
