import AerospikeCore

extension Parser {
    /// `namespace[.set] pk` where pk is a string, integer or bytes literal, or `DIGEST x'…'`.
    mutating func parseKey() throws(SyntaxError) -> Key {
        let (namespace, set) = try parseNamespaceAndSet(expecting: "a key such as test.demo 'id'")
        skipNewlines()
        expectAtEnd { $0.offer(["DIGEST"], needPrefix: true) }
        let token = current
        switch token.kind {
        case .string:
            advance()
            return Key(namespace: namespace, set: set, writtenKey: .string(text(token)))
        case .integer(let value):
            advance()
            return Key(namespace: namespace, set: set, writtenKey: .int(value))
        case .bytes:
            advance()
            return Key(namespace: namespace, set: set, writtenKey: .bytes(bytes(token)))
        case .word where token.isKeyword("DIGEST"):
            advance()
            skipNewlines()
            let digestToken = current
            let literal: Value
            switch digestToken.kind {
            case .bytes: literal = .bytes(bytes(digestToken))
            case .string: literal = .string(text(digestToken))
            default: throw error(expected: "the digest as x'<40 hex digits>'")
            }
            advance()
            return Key(namespace: namespace, set: set, userKey: nil, digest: try Parser.digest(literal, at: digestToken))
        default:
            throw error(expected: "the record's key: a string, an integer, x'…' bytes or DIGEST x'…'")
        }
    }

    /// A digest written as `x'<40 hex digits>'` or as the 40 hex digits in a string (aql).
    static func digest(_ literal: Value, at token: Token) throws(SyntaxError) -> Digest {
        let digest: Digest?
        switch literal {
        case .string(let hex): digest = Digest(hex: hex)
        case .bytes(let bytes): digest = Digest(bytes)
        default: digest = nil
        }
        guard let digest else { throw SyntaxError("a digest is 20 bytes: 40 hex digits", at: token.range.lowerBound) }
        return digest
    }

    /// `namespace[.set]`, the start of every key and key list.
    mutating func parseNamespaceAndSet(expecting description: String = "a namespace") throws(SyntaxError) -> (String, String?) {
        skipNewlines()
        expectAtEnd { $0.namespaces = true }
        guard current.isWord else { throw error(expected: description) }
        let namespace = text(current)
        advance()
        guard accept(.dot) else { return (namespace, nil) }
        expectAtEnd { $0.setsOf = namespace }
        switch current.kind {
        case .word, .string:
            let name = text(current)
            advance()
            return (namespace, name)
        default:
            throw error(expected: "a set name after '\(namespace).'")
        }
    }

    /// A bin name: an identifier or a quoted string, at most 15 bytes.
    mutating func parseBinName() throws(SyntaxError) -> String {
        skipNewlines()
        expectAtEnd { $0.bins = true }
        let token = current
        switch token.kind {
        case .word, .string:
            let name = text(token)
            try Parser.checkBinName(name, at: token)
            advance()
            return name
        default:
            throw error(expected: "a bin name")
        }
    }

    /// `a, b, 'c d'`
    mutating func parseBinNames() throws(SyntaxError) -> [String] {
        var names = [try parseBinName()]
        while accept(.comma) { names.append(try parseBinName()) }
        return names
    }

    /// `{name: 'Alice', age: 30}` as bins: keys must be bin names.
    mutating func parseBins() throws(SyntaxError) -> [Bin] {
        skipNewlines()
        guard current.isSymbol(.openBrace) else { throw error(expected: "the bins as {name: value, …}") }
        var bins: [Bin] = []
        let entries = try parseMapEntriesWithKeyTokens(binKeys: true)
        bins.reserveCapacity(entries.count)
        for (entry, token) in entries {
            guard case .string(let name) = entry.key else {
                throw SyntaxError("a bin name must be an identifier or a string, not \(entry.key.typeName)", at: token.range.lowerBound)
            }
            try Parser.checkBinName(name, at: token)
            if bins.contains(where: { $0.name == name }) {
                throw SyntaxError("bin '\(name)' is given twice", at: token.range.lowerBound)
            }
            bins.append(Bin(name, entry.value))
        }
        return bins
    }

    static func checkBinName(_ name: String, at token: Token) throws(SyntaxError) {
        guard !name.isEmpty else { throw SyntaxError("a bin name cannot be empty", at: token.range.lowerBound) }
        guard Bin.isValidName(name) else {
            throw SyntaxError("bin name '\(name)' is \(name.utf8.count) bytes; the limit is \(Bin.maxNameBytes)", at: token.range.lowerBound)
        }
    }
}
