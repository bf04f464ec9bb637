import AeroshLanguage

/// aerosh's own `config.toml`: defaults for what -o, -T, --concurrency and --no-color set,
/// and the history's length. A key aerosh does not know is warned about (a typo should not
/// pass silently) and passed over, so an older aerosh still starts with a newer file.
struct AeroshDefaults: Sendable, Equatable {
    var output: Sourced<OutputFormat>?
    /// Each statement's total timeout, in milliseconds.
    var timeout: Sourced<Int>?
    var historySize: Sourced<Int>?
    /// false turns colour off as --no-color does; true leaves it to the terminal and NO_COLOR.
    var color: Sourced<Bool>?
    var concurrency: Sourced<Int>?
    /// The interactive prompt: `%t` for the target (`aerosh %t> ` by default).
    var prompt: Sourced<String>?

    static let keys = ["color", "concurrency", "history-size", "output", "prompt", "timeout"]

    init() {}

    /// Reads `document`; keys passed over go to `warnings`.
    init(_ document: ConfigDocument) throws(ConfigError) {
        let reader = ConfigKeyReader(document: document, section: "")
        var warnings: [String] = []
        for (key, value) in document.table.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "output":
                let name = try reader.string(key, value)
                guard let format = OutputFormat(rawValue: name.value) else {
                    let names = OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    throw reader.invalid(key, "must be one of \(names), not '\(name.value)'")
                }
                output = Sourced(value: format, origin: name.origin)
            case "timeout": timeout = try reader.int(key, value, in: 1...Int(Int32.max), what: "milliseconds")
            case "history-size": historySize = try reader.int(key, value, in: 1...1_000_000, what: "entries")
            case "color": color = try reader.bool(key, value)
            case "prompt":
                let text = try reader.string(key, value)
                guard !text.value.contains(where: \.isNewline), text.value.count <= 200 else {
                    throw reader.invalid(key, "must be one line of at most 200 characters")
                }
                prompt = text
            case "concurrency": concurrency = try reader.int(key, value, in: 1...Setting.maxConcurrency, what: "statements at once")
            default: warnings.append("warning: \(document.shownPath): unknown key '\(key)' passed over (known: \(Self.keys.joined(separator: ", ")))")
            }
        }
        self.warnings = warnings
    }

    /// What the file had that aerosh passed over, one message each.
    var warnings: [String] = []
}
