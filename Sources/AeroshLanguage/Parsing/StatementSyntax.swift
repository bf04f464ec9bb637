import AerospikeCore

/// The table of statements: the parser dispatches on it, and help and the manual are
/// written from it, so the three cannot drift apart.
public struct StatementSyntax: Sendable {
    /// The leading keyword.
    public let keyword: String
    /// The statement's shape, as help prints it.
    public let synopsis: String
    public let summary: String
    public let options: StatementOptions.Kinds
    let parse: @Sendable (inout Parser, StatementSyntax) throws(SyntaxError) -> Statement

    private static let writeOptions: StatementOptions.Kinds = [.ttl, .exists, .generation, .sendKey, .timeout, .durable]

    public static let all: [StatementSyntax] = [
        StatementSyntax(
            keyword: "PUT", synopsis: "PUT ns[.set] pk {bin: value, ...} [options]",
            summary: "Write bins to a record, creating it if needed; a null value removes a bin.",
            options: writeOptions
        ) { parser, syntax throws(SyntaxError) in
            let key = try parser.parseKey()
            let bins = try parser.parseBins()
            return .put(key, bins: bins, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "GET", synopsis: "GET ns[.set] pk [BINS bin, ...] [TIMEOUT t]",
            summary: "Read a record: all bins, or only those named.",
            options: [.timeout]
        ) { parser, syntax throws(SyntaxError) in
            let key = try parser.parseKey()
            let bins = parser.accept("BINS") ? try parser.parseBinNames() : nil
            return .get(key, bins: bins, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "EXISTS", synopsis: "EXISTS ns[.set] pk [TIMEOUT t]",
            summary: "Show a record's generation and TTL, or that it does not exist.",
            options: [.timeout]
        ) { parser, syntax throws(SyntaxError) in
            let key = try parser.parseKey()
            return .exists(key, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "INCREMENT", synopsis: "INCREMENT ns[.set] pk bin number [options]",
            summary: "Add an integer or a float to a bin, creating it if needed.",
            options: writeOptions
        ) { parser, syntax throws(SyntaxError) in
            let (key, bin) = try parser.parseKeyBinValue(check: { value, token throws(SyntaxError) in try Parser.checkNumeric(value, at: token) })
            return .increment(key, bin, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "APPEND", synopsis: "APPEND ns[.set] pk bin 'text' [options]",
            summary: "Append a string (or bytes) to a bin.",
            options: writeOptions
        ) { parser, syntax throws(SyntaxError) in
            let (key, bin) = try parser.parseKeyBinValue(check: { value, token throws(SyntaxError) in try Parser.checkText(value, verb: "APPEND", at: token) })
            return .append(key, bin, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "PREPEND", synopsis: "PREPEND ns[.set] pk bin 'text' [options]",
            summary: "Prepend a string (or bytes) to a bin.",
            options: writeOptions
        ) { parser, syntax throws(SyntaxError) in
            let (key, bin) = try parser.parseKeyBinValue(check: { value, token throws(SyntaxError) in try Parser.checkText(value, verb: "PREPEND", at: token) })
            return .prepend(key, bin, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "REMOVE", synopsis: "REMOVE ns[.set] pk [BINS bin, ...] [IF GEN = n] [DURABLE]",
            summary: "Delete a record, or only the named bins (removing the last bin removes the record).",
            options: [.ttl, .generation, .timeout, .durable]
        ) { parser, syntax throws(SyntaxError) in
            let key = try parser.parseKey()
            if parser.accept("BINS") {
                let bins = try parser.parseBinNames()
                return .removeBins(key, bins: bins, try parser.parseOptions(allowed: syntax.options, statement: "REMOVE … BINS"))
            }
            var allowed = syntax.options
            allowed.remove(.ttl)
            return .remove(key, try parser.parseOptions(allowed: allowed, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "TOUCH", synopsis: "TOUCH ns[.set] pk [TTL n] [options]",
            summary: "Reset a record's TTL (to the namespace default without TTL) and bump its generation.",
            options: [.ttl, .generation, .timeout, .durable]
        ) { parser, syntax throws(SyntaxError) in
            let key = try parser.parseKey()
            return .touch(key, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "OPERATE", synopsis: "OPERATE [ORDERED] ns[.set] pk op, op, ... [options]",
            summary: "Apply operations atomically: READ bin | READ * | WRITE bin = v | INCR bin n | APPEND bin s | PREPEND bin s | TOUCH | DELETE, and list and map operations as calls: LIST_APPEND(bin, v), MAP_PUT(bin['path'], k, v) RETURN …, … (HELP LIST, HELP MAP). ORDERED shows one row per result.",
            options: writeOptions
        ) { parser, syntax throws(SyntaxError) in
            let ordered = parser.accept("ORDERED")
            let key = try parser.parseKey()
            let operations = try parser.parseOperations()
            return .operate(key, operations, ordered: ordered, try parser.parseOptions(allowed: syntax.options, statement: syntax.keyword))
        },
        StatementSyntax(
            keyword: "BATCH",
            synopsis: "BATCH READ keys [BINS bin, ...] | BATCH EXISTS keys | BATCH OPERATE keys op, ... | BATCH REMOVE keys | BATCH PUT ns[.set] (pk {bins}, ...)",
            summary: "One command over many keys: keys are ns[.set] (pk, ...) with ranges 1..100 and 'user_{0..9}'. One result per key, in order; a failing key never fails the statement.",
            options: [.ttl, .exists, .generation, .sendKey, .timeout, .durable]
        ) { parser, syntax throws(SyntaxError) in
            parser.skipNewlines()
            let verbToken = parser.current
            let readOnly: StatementOptions.Kinds = [.timeout]
            if parser.accept("READ") {
                let keys = try parser.parseKeyList()
                let bins: BatchBins = parser.accept("BINS") ? .only(try parser.parseBinNames()) : .all
                return .batchRead(keys, bins: bins, try parser.parseOptions(allowed: readOnly, statement: "BATCH READ"))
            }
            if parser.accept("EXISTS") {
                let keys = try parser.parseKeyList()
                return .batchRead(keys, bins: .none, try parser.parseOptions(allowed: readOnly, statement: "BATCH EXISTS"))
            }
            if parser.accept("OPERATE") {
                let keys = try parser.parseKeyList()
                let operations = try parser.parseOperations()
                return .batchOperate(keys, operations, try parser.parseOptions(allowed: syntax.options, statement: "BATCH OPERATE"))
            }
            if parser.accept("REMOVE") {
                let keys = try parser.parseKeyList()
                return .batchRemove(keys, try parser.parseOptions(allowed: [.generation, .timeout, .durable], statement: "BATCH REMOVE"))
            }
            if parser.accept("PUT") {
                let entries = try parser.parseBatchPutList()
                return .batchPut(entries, try parser.parseOptions(allowed: syntax.options, statement: "BATCH PUT"))
            }
            throw SyntaxError("expected READ, EXISTS, OPERATE, REMOVE or PUT after BATCH, found \(parser.spelling(verbToken))", at: verbToken.range.lowerBound, isIncomplete: verbToken.isEnd)
        },
        StatementSyntax(
            keyword: "SET", synopsis: "SET OUTPUT TABLE|JSON|JSONL|CSV|RAW|VERTICAL | SET TIMEOUT ms|DEFAULT | SET TTL n|NEVER|DEFAULT|UNCHANGED | SET SEND KEY ON|OFF | SET TIMING ON|OFF | SET META ON|OFF | SET ON ERROR STOP|CONTINUE | SET LIMIT n|OFF | SET CONFIRM ON|OFF",
            summary: "Change a setting of the session: what later statements default to and how results are shown.",
            options: []
        ) { parser, _ throws(SyntaxError) in
            .set(try parser.parseSetting())
        },
        StatementSyntax(
            keyword: "SHOW", synopsis: "SHOW NAMESPACES | SHOW SETS [ns] | SHOW BINS [ns[.set]] | SHOW INDEXES [ns[.set]] | SHOW SETTINGS",
            summary: "List the namespaces; the sets with their records and bytes (summed over the nodes); the bin names of a sample of up to 1000 records per namespace; the secondary indexes; or the session's settings.",
            options: []
        ) { parser, _ throws(SyntaxError) in
            try parser.parseShow()
        },
        StatementSyntax(
            keyword: "RUN", synopsis: "RUN 'file'",
            summary: "Run the statements of a script file in this session (its settings stay).",
            options: []
        ) { parser, _ throws(SyntaxError) in
            parser.skipNewlines()
            let path = parser.text(parser.current)
            guard case .string = parser.current.kind, !path.isEmpty else { throw parser.error(expected: "the script's path as a string") }
            parser.advance()
            return .run(path: path)
        },
        StatementSyntax(
            keyword: "HELP", synopsis: "HELP [statement]",
            summary: "List the statements, or show one statement's shape and options.",
            options: []
        ) { parser, _ throws(SyntaxError) in
            parser.expectAtEnd { $0.offer(StatementSyntax.all.map(\.keyword)) }
            guard parser.current.isWord else { return .help(topic: nil) }
            let topic = parser.text(parser.current)
            parser.advance()
            return .help(topic: topic)
        },
        StatementSyntax(
            keyword: "QUIT", synopsis: "QUIT",
            summary: "Stop: leave the shell, or end the script here (a RUN file: that file). EXIT does the same.",
            options: []
        ) { _, _ throws(SyntaxError) in
            .quit
        },
        StatementSyntax(
            keyword: "EXIT", synopsis: "EXIT",
            summary: "The same as QUIT.",
            options: []
        ) { _, _ throws(SyntaxError) in
            .quit
        },
        StatementSyntax(
            keyword: "CONNECT", synopsis: "CONNECT 'host[:port]', ... | CONNECT EMBEDDED 'path'",
            summary: "Switch the session to a cluster (through these seeds) or to an embedded store.",
            options: []
        ) { parser, _ throws(SyntaxError) in
            .connect(try parser.parseConnectTarget())
        },
        StatementSyntax(
            keyword: "INSERT", synopsis: "INSERT INTO ns[.set] (PK, bin, ...) VALUES (pk, value, ...) [options]",
            summary: "aql's form of PUT.",
            options: writeOptions
        ) { parser, syntax throws(SyntaxError) in
            try parser.parseInsert(allowed: syntax.options)
        },
        StatementSyntax(
            keyword: "SELECT",
            synopsis: "SELECT * | bin, ... | COUNT(*) FROM ns[.set] [WHERE PK = pk | WHERE DIGEST = 'hex' | WHERE bin = value | WHERE bin BETWEEN a AND b] [LIMIT n] [TIMEOUT t]",
            summary: "aql's form of GET (WHERE PK); without WHERE, a scan of the set or namespace; WHERE on a bin, a query through its secondary index. Records stream as they come; COUNT(*) counts them without reading bins.",
            options: [.timeout]
        ) { parser, _ throws(SyntaxError) in
            try parser.parseSelect()
        },
        StatementSyntax(
            keyword: "DELETE", synopsis: "DELETE FROM ns[.set] WHERE PK = pk [IF GEN = n] [DURABLE]",
            summary: "aql's form of REMOVE.",
            options: [.generation, .timeout, .durable]
        ) { parser, _ throws(SyntaxError) in
            try parser.parseDelete()
        },
        StatementSyntax(
            keyword: "CREATE", synopsis: "CREATE INDEX name ON ns[.set] (bin) NUMERIC | STRING",
            summary: "Create a secondary index on a bin's integers or strings, for SELECT … WHERE bin = value | BETWEEN a AND b.",
            options: []
        ) { parser, _ throws(SyntaxError) in
            try parser.parseCreateIndex()
        },
        StatementSyntax(
            keyword: "DROP", synopsis: "DROP INDEX ns[.set] name",
            summary: "Remove a secondary index (removing one that does not exist succeeds, as on a server).",
            options: []
        ) { parser, _ throws(SyntaxError) in
            try parser.parseDropIndex()
        },
        StatementSyntax(
            keyword: "TRUNCATE", synopsis: "TRUNCATE ns[.set] [BEFORE 'time']",
            summary: "Remove every record of the set or namespace, or those last written before an ISO 8601 time ('2026-01-01T00:00:00Z', '2026-01-01'; UTC unless a zone is given). At the prompt it asks first (not with --yes or SET CONFIRM OFF).",
            options: []
        ) { parser, _ throws(SyntaxError) in
            try parser.parseTruncate()
        },
        StatementSyntax(
            keyword: "ASINFO", synopsis: "ASINFO 'command' [ON ALL | ON 'host:port']",
            summary: "Send an info command ('namespaces', 'sets/test', 'sindex-list:ns=test', …) to one node, every node, or the one named; show each node's raw reply.",
            options: []
        ) { parser, _ throws(SyntaxError) in
            try parser.parseInfo()
        },
        StatementSyntax(
            keyword: "EXPLAIN", synopsis: "EXPLAIN GET ns[.set] pk | EXPLAIN SELECT * FROM ns[.set] WHERE PK = pk",
            summary: "Show where a record lives: its digest, partition and master node. Nothing is read.",
            options: []
        ) { parser, _ throws(SyntaxError) in
            try parser.parseExplain()
        },
    ]

    /// The statement a word starts, by the word's keyword code.
    static func named(_ code: KeywordCode) -> StatementSyntax? {
        // Over the codes alone: `all.first { … }` copied (retained and released) every
        // entry it passed, a seventh of the parse.
        keywordCodes.firstIndex(of: code).map { all[$0] }
    }

    private static let keywordCodes = all.map { KeywordCode($0.keyword) }

    /// The nearest statement keyword to a misspelling, if it is close enough to be a typo.
    static func suggestion(for word: String) -> String? {
        EditDistance.nearest(to: word.uppercased(), in: all.map(\.keyword))
    }
}

extension Parser {
    /// `key bin value` for INCREMENT, APPEND and PREPEND, checking the value's type.
    mutating func parseKeyBinValue(check: (Value, Token) throws(SyntaxError) -> Void) throws(SyntaxError) -> (Key, Bin) {
        let key = try parseKey()
        let name = try parseBinName()
        skipNewlines()
        let valueToken = current
        let value = try parseValue()
        try check(value, valueToken)
        return (key, Bin(name, value))
    }
}

extension Parser {
    /// `EMBEDDED 'path'`, or seeds: quoted `'host[:port]'` or a bare host name, by commas.
    mutating func parseConnectTarget() throws(SyntaxError) -> ConnectTarget {
        skipNewlines()
        if accept("EMBEDDED") {
            skipNewlines()
            let path = text(current)
            guard case .string = current.kind, !path.isEmpty else { throw error(expected: "the store's path as a string") }
            advance()
            return .embedded(path: path)
        }
        var seeds: [String] = []
        repeat {
            skipNewlines()
            let token = current
            switch token.kind {
            case .string where !text(token).isEmpty:
                advance()
                seeds.append(text(token))
            case .word:
                let host = text(token)
                advance()
                if accept(.colon) {
                    guard case .integer(let port) = current.kind else { throw error(expected: "a port number") }
                    advance()
                    seeds.append("\(host):\(port)")
                } else {
                    seeds.append(host)
                }
            default:
                throw error(expected: "a seed host ('10.0.0.1:3000') or EMBEDDED 'path'")
            }
        } while accept(.comma)
        return .cluster(seeds)
    }
}
