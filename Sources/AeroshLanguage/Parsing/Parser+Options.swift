import AerospikeCore

extension Parser {
    /// Trailing options in any order, each allowed only where `allowed` says. A filter
    /// (`WHERE …`) goes wherever a TIMEOUT does — every statement that reaches records —
    /// unless `filters` is false (a SELECT has its own WHERE).
    mutating func parseOptions(allowed: StatementOptions.Kinds, statement: String, filters: Bool = true) throws(SyntaxError) -> StatementOptions {
        let allowed = filters && allowed.contains(.timeout) ? allowed.union([.filter]) : allowed
        var options = StatementOptions()
        var seen: StatementOptions.Kinds = []
        while true {
            expectAtEnd { $0.offer(StatementOptions.Kind.words(for: allowed.subtracting(seen))) }
            let token = current
            guard let kind = Parser.optionKind(token.keywordCode) else { break }
            guard allowed.contains(kind) else {
                throw SyntaxError("\(spellingWord(token)) does not apply to \(statement)", at: token.range.lowerBound)
            }
            guard seen.insert(kind) else {
                throw SyntaxError("\(spellingWord(token)) is given twice", at: token.range.lowerBound)
            }
            advance()
            switch kind {
            case .ttl: options.ttl = try parseTTL()
            case .exists: options.exists = try parseExistsAction(first: token)
            case .generation: options.generation = try parseGenerationCheck()
            case .sendKey:
                try expect("KEY")
                options.sendKey = true
            case .timeout: options.timeout = try parseTimeout()
            case .durable: options.durable = true
            case .filter: options.filter = try parseCondition()
            }
        }
        return options
    }

    /// `TTL 300`, `TTL 30d`, `TTL NEVER | DEFAULT | UNCHANGED`, or the wire's -1 / -2 / 0.
    mutating func parseTTL() throws(SyntaxError) -> WriteTTL {
        skipNewlines()
        expectAtEnd { $0.offer(["NEVER", "DEFAULT", "UNCHANGED"]) }
        let token = current
        switch token.kind {
        case .word:
            advance()
            let word = text(token)
            switch word.uppercased() {
            case "NEVER": return .never
            case "DEFAULT": return .namespaceDefault
            case "UNCHANGED": return .unchanged
            default: throw SyntaxError("expected seconds, NEVER, DEFAULT or UNCHANGED after TTL, found '\(word)'", at: token.range.lowerBound)
            }
        case .integer(let value):
            advance()
            let seconds = value.multipliedReportingOverflow(by: try durationUnit(after: token, units: ["S": 1, "M": 60, "H": 3600, "D": 86400]))
            switch seconds.partialValue {
            case _ where seconds.overflow:
                break
            case 0: return .namespaceDefault
            case -1: return .never
            case -2: return .unchanged
            case 1...Int64(WriteTTL.maxSeconds): return .seconds(UInt32(seconds.partialValue))
            default: break
            }
            throw SyntaxError("TTL must be from 1 to \(WriteTTL.maxSeconds) seconds (ten years), or NEVER, DEFAULT or UNCHANGED", at: token.range.lowerBound)
        default:
            throw error(expected: "seconds, NEVER, DEFAULT or UNCHANGED after TTL")
        }
    }

    /// `TIMEOUT 50ms`, `TIMEOUT 2s`, `TIMEOUT 250` (milliseconds).
    mutating func parseTimeout() throws(SyntaxError) -> Duration {
        skipNewlines()
        let token = current
        guard case .integer(let value) = token.kind else { throw error(expected: "a duration such as 50ms or 2s after TIMEOUT") }
        advance()
        let milliseconds = value.multipliedReportingOverflow(by: try durationUnit(after: token, units: ["MS": 1, "S": 1000, "M": 60_000]))
        guard !milliseconds.overflow, milliseconds.partialValue > 0, milliseconds.partialValue <= Int64(UInt32.max) else {
            throw SyntaxError("TIMEOUT must be a positive duration of at most \(UInt32.max) ms", at: token.range.lowerBound)
        }
        return .milliseconds(milliseconds.partialValue)
    }

    /// A unit word written right after a number (`30d`, `50ms`); 1 when there is none.
    private mutating func durationUnit(after number: Token, units: [String: Int64]) throws(SyntaxError) -> Int64 {
        guard current.isWord, current.range.lowerBound == number.range.upperBound else { return 1 }
        let word = text(current)
        guard let factor = units[word.uppercased()] else {
            let names = units.keys.sorted().map { $0.lowercased() }.joined(separator: ", ")
            throw SyntaxError("unknown unit '\(word)'; use one of \(names)", at: current.range.lowerBound)
        }
        advance()
        return factor
    }

    private mutating func parseExistsAction(first: Token) throws(SyntaxError) -> ExistsAction {
        switch spellingWord(first) {
        case "CREATE":
            try expect("ONLY")
            return .createOnly
        case "UPDATE":
            try expect("ONLY")
            return .updateOnly
        default:
            return accept("ONLY") ? .replaceOnly : .createOrReplace
        }
    }

    /// `IF GEN = 3` or `IF GEN > 3`.
    private mutating func parseGenerationCheck() throws(SyntaxError) -> GenerationPolicy {
        try expect("GEN")
        skipNewlines()
        let isGreater: Bool
        if accept(.equals) {
            isGreater = false
        } else if accept(.greater) {
            isGreater = true
        } else {
            throw error(expected: "'=' or '>' after IF GEN")
        }
        skipNewlines()
        let token = current
        guard case .integer(let value) = token.kind, value >= 0, value <= Int64(UInt32.max) else {
            throw error(expected: "a generation number")
        }
        advance()
        return isGreater ? .greaterThan(UInt32(value)) : .equal(UInt32(value))
    }
}

extension Parser {
    /// The upper-cased word, for keyword messages.
    func spellingWord(_ token: Token) -> String {
        token.isWord ? text(token).uppercased() : spelling(token)
    }

    /// The option a word starts, by its keyword code (`StatementOptions.Kind(keyword:)`
    /// upper-cased a copy of the word at every statement's end).
    static func optionKind(_ code: KeywordCode) -> StatementOptions.Kind? {
        guard code != .none else { return nil }
        return optionWords.first { $0.code == code }?.kind
    }

    private static let optionWords: [(code: KeywordCode, kind: StatementOptions.Kind)] =
        ["TTL", "CREATE", "UPDATE", "REPLACE", "IF", "SEND", "TIMEOUT", "DURABLE", "WHERE"].map { word in
            (KeywordCode(word), StatementOptions.Kind(keyword: word)!)
        }
}
