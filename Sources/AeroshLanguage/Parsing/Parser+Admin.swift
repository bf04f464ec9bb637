import AerospikeCore

/// The statements about the cluster rather than a record: indexes, SHOW, ASINFO, EXPLAIN
/// and TRUNCATE.
extension Parser {
    /// What follows CREATE: `INDEX name ON ns[.set] (bin) NUMERIC | STRING`.
    mutating func parseCreateIndex() throws(SyntaxError) -> Statement {
        skipNewlines()
        let first = current
        guard accept("INDEX") else {
            if ["LIST", "MAPKEYS", "MAPVALUES"].contains(spellingWord(first)) {
                throw SyntaxError("only indexes on a bin's own value are supported: CREATE INDEX name ON ns.set (bin) NUMERIC | STRING", at: first.range.lowerBound)
            }
            throw error(expected: "INDEX after CREATE")
        }
        let name = try parseIndexName(namespace: nil)
        try expect("ON")
        let (namespace, set) = try parseNamespaceAndSet()
        try expect(.openParen, "'(' and the bin to index")
        let bin = try parseBinName()
        try expect(.closeParen)
        skipNewlines()
        expectAtEnd { $0.offer(IndexType.allCases.map(\.rawValue)) }
        let typeToken = current
        let word = text(typeToken)
        guard typeToken.isWord, let type = IndexType(rawValue: word.uppercased()) else {
            if typeToken.isWord, ["GEO2DSPHERE", "BLOB"].contains(word.uppercased()) {
                throw SyntaxError("\(word.uppercased()) indexes are not supported; the types are NUMERIC and STRING", at: typeToken.range.lowerBound)
            }
            throw error(expected: "the index type, NUMERIC or STRING")
        }
        advance()
        return .createIndex(IndexDefinition(namespace: namespace, set: set, name: name, bin: bin, type: type))
    }

    /// What follows DROP: `INDEX ns[.set] name`.
    mutating func parseDropIndex() throws(SyntaxError) -> Statement {
        try expect("INDEX")
        let (namespace, set) = try parseNamespaceAndSet()
        return .dropIndex(namespace: namespace, set: set, name: try parseIndexName(namespace: namespace))
    }

    /// An index name: an identifier or a string, 1 to 63 bytes (a server's limit).
    private mutating func parseIndexName(namespace: String?) throws(SyntaxError) -> String {
        skipNewlines()
        expectAtEnd { $0.indexesOf = namespace }
        let token = current
        switch token.kind {
        case .word, .string:
            let name = text(token)
            guard !name.isEmpty, name.utf8.count <= 63 else {
                throw SyntaxError("an index name is 1 to 63 bytes; '\(name)' is \(name.utf8.count)", at: token.range.lowerBound)
            }
            advance()
            return name
        default:
            throw error(expected: "the index name")
        }
    }

    /// What follows SHOW: `SETTINGS | NAMESPACES | SETS [ns] | BINS [ns[.set]] | INDEXES [ns[.set]]`.
    mutating func parseShow() throws(SyntaxError) -> Statement {
        skipNewlines()
        let words = ["NAMESPACES", "SETS", "BINS", "INDEXES", "SETTINGS"]
        expectAtEnd { $0.offer(words) }
        let token = current
        guard token.isWord else { throw error(expected: "what to show: \(words.joined(separator: ", "))") }
        let word = text(token)
        switch word.uppercased() {
        case "SETTINGS":
            advance()
            return .showSettings
        case "NAMESPACES", "NAMESPACE":
            advance()
            return .show(.namespaces)
        case "SETS", "SET":
            advance()
            return .show(.sets(namespace: try parseOptionalPlace(setAllowed: false).namespace))
        case "BINS", "BIN":
            advance()
            let (namespace, set) = try parseOptionalPlace(setAllowed: true)
            return .show(.bins(namespace: namespace, set: set))
        case "INDEXES", "INDEX", "INDICES":
            advance()
            let (namespace, set) = try parseOptionalPlace(setAllowed: true)
            return .show(.indexes(namespace: namespace, set: set))
        default:
            throw SyntaxError(
                "cannot show '\(word)'; SHOW takes \(words.joined(separator: ", "))", range: token.range,
                suggestion: EditDistance.nearest(to: word.uppercased(), in: words))
        }
    }

    /// An optional `ns[.set]` ending a statement (on its line).
    private mutating func parseOptionalPlace(setAllowed: Bool) throws(SyntaxError) -> (namespace: String?, set: String?) {
        expectAtEnd { $0.namespaces = true }
        guard case .word = current.kind else { return (nil, nil) }
        let (namespace, set) = try parseNamespaceAndSet()
        if set != nil && !setAllowed {
            throw SyntaxError("SHOW SETS takes a namespace, not a set", at: tokens[index - 1].range.lowerBound)
        }
        return (namespace, set)
    }

    /// What follows ASINFO: `'command' [ON ALL | ON 'host:port' | ON node-name]`.
    mutating func parseInfo() throws(SyntaxError) -> Statement {
        skipNewlines()
        let command = text(current)
        guard case .string = current.kind, !command.isEmpty else {
            throw error(expected: "the info command as a string, such as 'namespaces'")
        }
        advance()
        guard accept("ON") else { return .info(command: command, target: .any) }
        skipNewlines()
        expectAtEnd { $0.offer(["ALL"]) }
        if accept("ALL") { return .info(command: command, target: .all) }
        let node = text(current)
        switch current.kind {
        case .string where !node.isEmpty, .word:
            advance()
            return .info(command: command, target: .node(node))
        default:
            throw error(expected: "ALL, or a node as 'host:port' or its name")
        }
    }

    /// What follows EXPLAIN: `GET key`, or aql's `SELECT … FROM ns.set WHERE PK = pk`.
    mutating func parseExplain() throws(SyntaxError) -> Statement {
        skipNewlines()
        expectAtEnd { $0.offer(["GET", "SELECT"]) }
        if accept("GET") { return .explain(try parseKey()) }
        let select = current
        guard accept("SELECT") else { throw error(expected: "GET or SELECT after EXPLAIN") }
        switch try parseSelect() {
        case .get(let key, _, _): return .explain(key)
        case .scan(let query), .count(let query): return .explainQuery(query)
        default: throw SyntaxError("EXPLAIN takes GET or SELECT", at: select.range.lowerBound)
        }
    }

    /// What follows TRUNCATE: `ns[.set] [BEFORE 'ISO-8601 time']`.
    mutating func parseTruncate() throws(SyntaxError) -> Statement {
        let (namespace, set) = try parseNamespaceAndSet()
        guard accept("BEFORE") else { return .truncate(namespace: namespace, set: set, before: nil) }
        skipNewlines()
        let token = current
        guard case .string = token.kind else {
            throw error(expected: "a time in quotes after BEFORE, such as '2026-01-01T00:00:00Z'")
        }
        let text = text(token)
        guard let seconds = ISOTime.parse(text) else {
            throw SyntaxError("'\(text)' is not a time such as '2026-01-01T00:00:00Z', '2026-01-01 12:00+02:00' or '2026-01-01' (UTC unless a zone is given)", at: token.range.lowerBound)
        }
        advance()
        return .truncate(namespace: namespace, set: set, before: seconds)
    }
}
