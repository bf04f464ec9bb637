/// What `HELP LIST`, `HELP MAP` and `HELP <function>` print, written from the table of
/// list and map functions (`CDTFunction.all`).
enum CDTHelp {
    static func text(topic: String) -> String? {
        let upper = topic.uppercased()
        if let function = CDTFunction.named(upper) { return entry(function) }
        guard upper == "LIST" || upper == "MAP" else { return nil }
        let functions = CDTFunction.all.filter { $0.name.hasPrefix(upper + "_") }
        var text = upper == "LIST"
            ? "List operations, in OPERATE and BATCH OPERATE (negative indexes count from the end):\n"
            : "Map operations, in OPERATE and BATCH OPERATE (indexes count in key order, ranks by value):\n"
        for function in functions { text += entry(function) }
        text += """
            The bin may carry a path into it: l[2] (a list index), m['a'][x'01'] (map keys), m[KEY 5] (an integer key).
            RETURN VALUE | KEY | INDEX | RANK | COUNT | KEY_VALUE | EXISTS | NONE | REVERSE_INDEX | REVERSE_RANK.

            """
        return text
    }

    static func entry(_ function: CDTFunction) -> String {
        var text = "  \(function.synopsis)\n      \(function.summary)"
        if let fallback = function.defaultReturn, let name = Parser.returnTypes.first(where: { $0.1 == fallback })?.0 {
            text += " RETURN \(name) unless given."
        }
        return text + "\n"
    }
}
