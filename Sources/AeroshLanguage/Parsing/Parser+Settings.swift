import AerospikeCore

extension Parser {
    /// What follows SET.
    mutating func parseSetting() throws(SyntaxError) -> Setting {
        skipNewlines()
        expectAtEnd { $0.offer(Parser.settingWords) }
        let token = current
        guard token.isWord else { throw error(expected: "a setting: \(Setting.names.joined(separator: ", "))") }
        let word = text(token)
        advance()
        switch word.uppercased() {
        case "OUTPUT":
            skipNewlines()
            expectAtEnd { $0.offer(Setting.OutputName.allCases.map { $0.rawValue.uppercased() }) }
            let valueToken = current
            guard valueToken.isWord, let output = Setting.OutputName(rawValue: text(valueToken).lowercased()) else {
                throw error(expected: "TABLE, JSON, JSONL, CSV, RAW or VERTICAL")
            }
            advance()
            return .output(output)
        case "TIMEOUT":
            skipNewlines()
            if accept("DEFAULT") { return .timeout(nil) }
            return .timeout(try parseTimeout())
        case "TTL":
            return .ttl(try parseTTL())
        case "SEND":
            try expect("KEY")
            return .sendKey(try parseOnOff())
        case "TIMING":
            return .timing(try parseOnOff())
        case "META":
            return .meta(try parseOnOff())
        case "ON":
            try expect("ERROR")
            skipNewlines()
            if accept("STOP") { return .continueOnError(false) }
            if accept("CONTINUE") { return .continueOnError(true) }
            throw error(expected: "STOP or CONTINUE")
        case "LIMIT":
            skipNewlines()
            expectAtEnd { $0.offer(["OFF"]) }
            if accept("OFF", offered: false) { return .limit(nil) }
            return .limit(try parseRecordLimit(after: "SET LIMIT"))
        case "CONFIRM":
            return .confirm(try parseOnOff())
        case "CONCURRENCY":
            skipNewlines()
            let token = current
            guard case .integer(let number) = token.kind else { throw error(expected: "how many statements may run at once, from 1 to \(Setting.maxConcurrency)") }
            guard number >= 1, number <= Int64(Setting.maxConcurrency) else {
                throw SyntaxError("SET CONCURRENCY must be from 1 to \(Setting.maxConcurrency)", at: token.range.lowerBound)
            }
            advance()
            return .concurrency(Int(number))
        default:
            throw SyntaxError(
                "unknown setting '\(word)'; the settings are \(Setting.names.joined(separator: ", "))", range: token.range,
                suggestion: EditDistance.nearest(to: word.uppercased(), in: Parser.settingWords))
        }
    }

    /// The words that start a setting after SET.
    static let settingWords = ["OUTPUT", "TIMEOUT", "TTL", "SEND", "TIMING", "META", "ON", "LIMIT", "CONFIRM", "CONCURRENCY"]

    private mutating func parseOnOff() throws(SyntaxError) -> Bool {
        skipNewlines()
        expectAtEnd { $0.offer(["ON", "OFF"]) }
        if accept("ON", offered: false) || accept("TRUE", offered: false) { return true }
        if accept("OFF", offered: false) || accept("FALSE", offered: false) { return false }
        throw error(expected: "ON or OFF")
    }
}
