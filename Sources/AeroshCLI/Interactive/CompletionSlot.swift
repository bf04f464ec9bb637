import AeroshLanguage

/// What may stand at the cursor, worked out from the tokens of the statement typed so far.
///
/// It follows the statement shapes of `StatementSyntax` loosely: it only has to name the
/// slot (a keyword, a namespace, a bin name…), not to check the statement, and it must cope
/// with statements that stop anywhere.
struct CompletionSlot: Sendable, Hashable {
    /// Keywords that fit, in upper case.
    var keywords: [String] = []
    /// When true the keywords are offered only once a letter is typed (DIGEST where a key
    /// value is expected: Tab on nothing should not write DIGEST over a string key).
    var keywordsNeedPrefix = false
    var namespaces = false
    /// Set names of this namespace.
    var setsOf: String?
    var bins = false
    /// What follows a completed bin name: `: ` for a PUT's `{name: value}`, else a space.
    var binSuffix = " "
    /// The shape of the statement being typed, the hint when nothing fits.
    var synopsis: String?

    static let operationWords = ["READ", "WRITE", "INCR", "APPEND", "PREPEND", "TOUCH", "DELETE"]

    /// The slot after `tokens` (the statement so far, without the word being typed); nil
    /// when nothing can be said.
    static func after(_ tokens: [Token]) -> CompletionSlot? {
        var walk = TokenWalk(tokens: tokens)
        return walk.statement()
    }

    static func keywords(_ words: [String], for statement: StatementSyntax? = nil) -> CompletionSlot {
        CompletionSlot(keywords: words, synopsis: statement?.synopsis)
    }
}

/// A cursor over the statement's tokens that answers "what comes next" once they run out.
private struct TokenWalk {
    let tokens: [Token]
    var index = 0
    var syntax: StatementSyntax?

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    var atEnd: Bool { index >= tokens.count }
    var current: Token { tokens[index] }

    func currentIs(_ keyword: String) -> Bool { !atEnd && current.isKeyword(keyword) }
    func currentIs(_ symbol: Token.Symbol) -> Bool { !atEnd && current.isSymbol(symbol) }

    var nothing: CompletionSlot { CompletionSlot(synopsis: syntax?.synopsis) }

    mutating func statement() -> CompletionSlot? {
        if atEnd { return .keywords(StatementSyntax.all.map(\.keyword)) }
        guard case .word(let first) = current.kind else { return nil }
        index += 1
        if first.uppercased() == "HELP" {
            return atEnd ? .keywords(StatementSyntax.all.map(\.keyword)) : nil
        }
        guard let syntax = StatementSyntax.all.first(where: { $0.keyword == first.uppercased() }) else { return nil }
        self.syntax = syntax
        if syntax.keyword == "SET" { return setting() }
        if syntax.keyword == "SHOW" { return atEnd ? .keywords(["SETTINGS"], for: syntax) : nothing }
        if syntax.keyword == "CONNECT" { return atEnd ? .keywords(["EMBEDDED"], for: syntax) : nothing }
        // No key follows these: nothing to offer but their shape.
        if ["RUN", "QUIT", "EXIT"].contains(syntax.keyword) { return nothing }
        let operate = syntax.keyword == "OPERATE"
        let ordered = operate && currentIs("ORDERED")
        if ordered { index += 1 }

        // The key: namespace[.set] pk
        if atEnd {
            var slot = CompletionSlot(namespaces: true, synopsis: syntax.synopsis)
            if operate && !ordered { slot.keywords = ["ORDERED"] }
            return slot
        }
        guard case .word(let namespace) = current.kind else { return nothing }
        index += 1
        if currentIs(.dot) {
            index += 1
            if atEnd { return CompletionSlot(setsOf: namespace, synopsis: syntax.synopsis) }
            index += 1
        }
        if atEnd { return CompletionSlot(keywords: ["DIGEST"], keywordsNeedPrefix: true, synopsis: syntax.synopsis) }
        if currentIs("DIGEST") {
            index += 1
            if atEnd { return nothing }
        }
        index += 1

        switch syntax.keyword {
        case "PUT": return bins()
        case "GET", "REMOVE": return binsClause()
        case "INCREMENT", "APPEND", "PREPEND": return binAndValue()
        case "OPERATE": return operations()
        default: return options(syntax.options)
        }
    }

    /// `{name: value, …}` then options.
    /// `SET name value`: the setting names, then the values each takes.
    mutating func setting() -> CompletionSlot {
        var words: [String] = []
        while !atEnd, case .word(let word) = current.kind {
            words.append(word.uppercased())
            index += 1
        }
        guard atEnd else { return nothing }
        let values: [String]
        switch words {
        case []: values = ["OUTPUT", "TIMEOUT", "TTL", "SEND", "TIMING", "META", "ON"]
        case ["OUTPUT"]: values = Setting.OutputName.allCases.map { $0.rawValue.uppercased() }
        case ["TIMING"], ["META"], ["SEND", "KEY"]: values = ["ON", "OFF"]
        case ["SEND"]: values = ["KEY"]
        case ["ON"]: values = ["ERROR"]
        case ["ON", "ERROR"]: values = ["STOP", "CONTINUE"]
        case ["TTL"]: values = ["NEVER", "DEFAULT", "UNCHANGED"]
        case ["TIMEOUT"]: values = ["DEFAULT"]
        default: values = []
        }
        return .keywords(values, for: syntax)
    }

    mutating func bins() -> CompletionSlot {
        guard let syntax else { return nothing }
        guard currentIs(.openBrace) else { return nothing }
        index += 1
        if currentIs(.closeBrace) {
            index += 1
            return options(syntax.options)
        }
        while true {
            if atEnd { return CompletionSlot(bins: true, binSuffix: ": ", synopsis: syntax.synopsis) }
            switch current.kind {
            case .word, .string: index += 1
            default: return nothing
            }
            guard currentIs(.colon) else { return nothing }
            index += 1
            guard skipValue(), !atEnd else { return nothing }
            if currentIs(.comma) {
                index += 1
            } else if currentIs(.closeBrace) {
                index += 1
                return options(syntax.options)
            } else {
                return nothing
            }
        }
    }

    /// `[BINS a, b]` then options (GET; REMOVE, whose TTL applies only with BINS).
    mutating func binsClause() -> CompletionSlot {
        guard let syntax else { return nothing }
        var allowed = syntax.options
        if syntax.keyword == "REMOVE" && !currentIs("BINS") { allowed.remove(.ttl) }
        if atEnd {
            var slot = options(allowed)
            slot.keywords.insert("BINS", at: 0)
            return slot
        }
        if currentIs("BINS") {
            index += 1
            while true {
                if atEnd { return CompletionSlot(bins: true, synopsis: syntax.synopsis) }
                switch current.kind {
                case .word, .string: index += 1
                default: return nothing
                }
                guard currentIs(.comma) else { break }
                index += 1
            }
        }
        return options(allowed)
    }

    /// `bin value` then options (INCREMENT, APPEND, PREPEND).
    mutating func binAndValue() -> CompletionSlot {
        guard let syntax else { return nothing }
        if atEnd { return CompletionSlot(bins: true, synopsis: syntax.synopsis) }
        index += 1
        guard skipValue() else { return nothing }
        return options(syntax.options)
    }

    /// `op, op, …` then options (OPERATE).
    mutating func operations() -> CompletionSlot {
        guard let syntax else { return nothing }
        while true {
            if atEnd { return .keywords(CompletionSlot.operationWords, for: syntax) }
            guard case .word(let word) = current.kind else { return nothing }
            index += 1
            switch word.uppercased() {
            case "READ", "GET":
                if atEnd { return CompletionSlot(bins: true, synopsis: syntax.synopsis) }
                index += 1
            case "WRITE", "PUT", "SET":
                if atEnd { return CompletionSlot(bins: true, synopsis: syntax.synopsis) }
                index += 1
                guard currentIs(.equals) else { return nothing }
                index += 1
                guard skipValue() else { return nothing }
            case "INCR", "INCREMENT", "ADD", "APPEND", "PREPEND":
                if atEnd { return CompletionSlot(bins: true, synopsis: syntax.synopsis) }
                index += 1
                guard skipValue() else { return nothing }
            case "TOUCH", "DELETE":
                break
            default:
                return nothing
            }
            guard currentIs(.comma) else { return options(syntax.options) }
            index += 1
        }
    }

    /// Trailing options in any order, each once.
    mutating func options(_ allowed: Set<StatementOptions.Kind>) -> CompletionSlot {
        var left = allowed
        while !atEnd {
            guard case .word(let word) = current.kind, let kind = StatementOptions.Kind(keyword: word), left.contains(kind) else {
                return nothing
            }
            left.remove(kind)
            index += 1
            switch word.uppercased() {
            case "TTL":
                if atEnd { return .keywords(["NEVER", "DEFAULT", "UNCHANGED"], for: syntax) }
                skipNumberWithUnit()
            case "CREATE", "UPDATE":
                if atEnd { return .keywords(["ONLY"], for: syntax) }
                index += 1
            case "REPLACE":
                if atEnd { return .keywords(["ONLY"] + TokenWalk.optionWords(left), for: syntax) }
                if currentIs("ONLY") { index += 1 }
            case "IF":
                if atEnd { return .keywords(["GEN"], for: syntax) }
                for _ in 0..<3 {  // GEN, = or >, the number
                    if atEnd { return nothing }
                    index += 1
                }
            case "SEND":
                if atEnd { return .keywords(["KEY"], for: syntax) }
                index += 1
            case "TIMEOUT":
                if atEnd { return nothing }
                skipNumberWithUnit()
            default:
                break
            }
        }
        return .keywords(TokenWalk.optionWords(left), for: syntax)
    }

    /// One value: a literal, a word (`true`, `null`), `GEOJSON('…')`, or a bracketed list or
    /// map. False when the input stops inside it.
    mutating func skipValue() -> Bool {
        guard !atEnd else { return false }
        if case .word(let word) = current.kind, word.uppercased() == "GEOJSON" {
            index += 1
            guard currentIs(.openParen) else { return true }
        }
        guard case .symbol(let symbol) = current.kind, [.openBrace, .openBracket, .openParen].contains(symbol) else {
            index += 1
            return true
        }
        var depth = 0
        while !atEnd {
            if case .symbol(let symbol) = current.kind {
                switch symbol {
                case .openBrace, .openBracket, .openParen: depth += 1
                case .closeBrace, .closeBracket, .closeParen: depth -= 1
                default: break
                }
            }
            index += 1
            if depth == 0 { return true }
        }
        return false
    }

    /// `300`, `30d`, `50ms`, or a word (`NEVER`).
    mutating func skipNumberWithUnit() {
        let number = current
        index += 1
        if case .integer = number.kind, !atEnd, case .word = current.kind, current.range.lowerBound == number.range.upperBound {
            index += 1
        }
    }

    /// The words that start the options still allowed, in the order help lists them.
    static func optionWords(_ kinds: Set<StatementOptions.Kind>) -> [String] {
        StatementOptions.Kind.allCases.filter(kinds.contains).flatMap { kind -> [String] in
            switch kind {
            case .ttl: ["TTL"]
            case .exists: ["CREATE", "UPDATE", "REPLACE"]
            case .generation: ["IF"]
            case .sendKey: ["SEND"]
            case .timeout: ["TIMEOUT"]
            case .durable: ["DURABLE"]
            }
        }
    }
}
