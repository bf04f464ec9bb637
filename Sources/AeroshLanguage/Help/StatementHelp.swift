/// What `HELP` and `HELP <statement>` print, written from `StatementSyntax.all` so help
/// cannot drift from what the parser accepts.
public enum StatementHelp {
    public static func text(topic: String?) -> String {
        guard let topic else { return overview() }
        if topic.uppercased() == "WHERE" { return ConditionHelp.text }
        if let help = CDTHelp.text(topic: topic) { return help }
        guard let syntax = StatementSyntax.all.first(where: { $0.keyword == topic.uppercased() }) else {
            let known = StatementSyntax.all.map(\.keyword).joined(separator: ", ")
            return "No statement '\(topic)'. The statements are \(known).\n"
        }
        return statement(syntax)
    }

    /// The names of the list and map functions OPERATE takes, for the manual's test.
    public static var listAndMapFunctions: [String] { CDTFunction.all.map(\.name) }

    public static func overview() -> String {
        var text = "Statements (end one with ';' or a line break; a map or list may span lines):\n"
        for syntax in StatementSyntax.all {
            text += "  \(syntax.synopsis)\n      \(syntax.summary)\n"
        }
        text += """
            Keys: test.demo 'user1', test.demo 12345, test.demo x'0102', test 'no-set', test.demo DIGEST x'…'
            Values: 'text', 42, 1.5, true, null, x'0102', [list], {map}, JSON('…'), LIST('…'), MAP('…'),
            GEOJSON('…'), CAST(value AS INT|FLOAT|STRING|JSON|LIST|MAP|GEOJSON)
            HELP <statement> lists its options; HELP WHERE, how to write a condition.

            """
        return text
    }

    public static func statement(_ syntax: StatementSyntax) -> String {
        var text = "\(syntax.synopsis)\n    \(syntax.summary)\n"
        // A filter goes wherever a TIMEOUT does (every statement that reaches records).
        let allowed = syntax.options.contains(.timeout) && syntax.keyword != "SELECT" ? syntax.options.union([.filter]) : syntax.options
        let options = StatementOptions.Kind.allCases.filter(allowed.contains)
        if !options.isEmpty {
            text += "  Options, in any order:\n"
            for kind in options { text += "    \(optionShape(kind))\n" }
        }
        return text
    }

    static func optionShape(_ kind: StatementOptions.Kind) -> String {
        switch kind {
        case .ttl: "TTL seconds | TTL 30d | TTL NEVER | TTL DEFAULT | TTL UNCHANGED"
        case .exists: "CREATE ONLY | UPDATE ONLY | REPLACE ONLY | REPLACE"
        case .generation: "IF GEN = n | IF GEN > n"
        case .sendKey: "SEND KEY"
        case .timeout: "TIMEOUT 50ms | TIMEOUT 2s"
        case .durable: "DURABLE"
        case .filter: "WHERE condition   (a filter expression: records it is false for are filtered out; HELP WHERE)"
        }
    }
}
