import AerospikeCore

/// aql's statement forms, parsed into the same statements as their native spellings.
extension Parser {
    /// `INSERT INTO ns[.set] (PK, a, b) VALUES ('k', 1, 'x')` → PUT.
    mutating func parseInsert(allowed: StatementOptions.Kinds) throws(SyntaxError) -> Statement {
        try expect("INTO")
        let (namespace, set) = try parseNamespaceAndSet()
        try expect(.openParen)
        // Room for a typical row up front: growing from one element took three allocations.
        var columns: [(name: String, token: Token)] = []
        columns.reserveCapacity(8)
        repeat {
            skipNewlines()
            let token = current
            columns.append((try parseColumnName(), token))
            skipNewlines()
        } while accept(.comma)
        try expect(.closeParen)
        try expect("VALUES")
        try expect(.openParen)
        var values: [(Value, Token)] = []
        values.reserveCapacity(columns.count)
        repeat {
            skipNewlines()
            let token = current
            values.append((try parseValue(), token))
            skipNewlines()
        } while accept(.comma)
        let closing = current
        try expect(.closeParen)
        guard values.count == columns.count else {
            throw SyntaxError("\(columns.count) columns but \(values.count) values", at: closing.range.lowerBound)
        }
        let pkIndexes = columns.indices.filter { columns[$0].name.utf8.count == 2 && columns[$0].name.uppercased() == "PK" }
        guard pkIndexes.count == 1, let pkIndex = pkIndexes.first else {
            throw SyntaxError("INSERT needs the column PK exactly once", at: columns[0].token.range.lowerBound)
        }
        let key = try Parser.userKey(values[pkIndex].0, at: values[pkIndex].1)
        var bins: [Bin] = []
        bins.reserveCapacity(columns.count - 1)
        for index in columns.indices where index != pkIndex {
            try Parser.checkBinName(columns[index].name, at: columns[index].token)
            bins.append(Bin(columns[index].name, values[index].0))
        }
        let options = try parseOptions(allowed: allowed, statement: "INSERT")
        return .put(Key(namespace: namespace, set: set, writtenKey: key), bins: bins, options)
    }

    /// `DELETE FROM ns[.set] WHERE PK = 'k'` → REMOVE.
    mutating func parseDelete() throws(SyntaxError) -> Statement {
        try expect("FROM")
        let (namespace, set) = try parseNamespaceAndSet()
        let key = try parseWhereKey(namespace: namespace, set: set, statement: "DELETE")
        return .remove(key, try parseOptions(allowed: [.generation, .timeout, .durable], statement: "DELETE"))
    }

    private mutating func parseWhereKey(namespace: String, set: String?, statement: String) throws(SyntaxError) -> Key {
        skipNewlines()
        guard accept("WHERE") else {
            throw SyntaxError("\(statement) needs WHERE PK = … (or WHERE DIGEST = …): it removes one record", at: current.range.lowerBound, isIncomplete: current.isEnd)
        }
        skipNewlines()
        let column = current
        guard let key = try parseKeyCondition(namespace: namespace, set: set) else {
            throw SyntaxError("\(statement) takes WHERE PK = … or WHERE DIGEST = …", at: column.range.lowerBound)
        }
        return key
    }

    /// `PK = pk` or `DIGEST = 'hex'` after WHERE: the key it names; nil (nothing read)
    /// when the condition is on a bin instead.
    mutating func parseKeyCondition(namespace: String, set: String?) throws(SyntaxError) -> Key? {
        expectAtEnd { $0.offer(["PK", "DIGEST"]) }
        if accept("PK") {
            try expect(.equals)
            skipNewlines()
            let token = current
            return Key(namespace: namespace, set: set, writtenKey: try Parser.userKey(try parseValue(), at: token))
        }
        if accept("DIGEST") {
            try expect(.equals)
            skipNewlines()
            let token = current
            return Key(namespace: namespace, set: set, userKey: nil, digest: try Parser.digest(try parseValue(), at: token))
        }
        return nil
    }

    private static func userKey(_ value: Value, at token: Token) throws(SyntaxError) -> UserKey {
        switch value {
        case .string(let text): return .string(text)
        case .int(let number): return .int(number)
        case .bytes(let bytes): return .bytes(bytes)
        default: throw SyntaxError("a key is a string, an integer or bytes, not \(value.typeName)", at: token.range.lowerBound)
        }
    }

    /// An INSERT column: aql's PK, or a bin name (whose length is checked once the PK
    /// column is known).
    private mutating func parseColumnName() throws(SyntaxError) -> String {
        skipNewlines()
        let token = current
        switch token.kind {
        case .word, .string:
            advance()
            return text(token)
        default:
            throw error(expected: "a column name")
        }
    }
}
