import AeroshLanguage

/// aql's own section of astools.conf, `[aql]` then `[aql_NAME]` with --instance: the
/// defaults aql and aerosh share (output, timeouts). aerosh's config.toml, the
/// environment and the flags come on top. aql's keys that mean nothing to aerosh
/// (threadpoolsize, outputtypes, udfuser, udfsys) are passed over silently; others are
/// warned about.
struct AqlSettings: Sendable, Equatable {
    var output: Sourced<OutputFormat>?
    /// Milliseconds, as aql's `timeout` and `socket-timeout`.
    var timeout: Sourced<Int>?
    var socketTimeout: Sourced<Int>?
    var warnings: [String] = []

    static let ignoredKeys: Set<String> = ["threadpoolsize", "outputtypes", "udfuser", "udfsys"]

    /// The sections read, in order: `aql`, then `aql_NAME`.
    static func sectionNames(instance: String?) -> [String] {
        ["aql"] + (instance.map { ["aql_\($0)"] } ?? [])
    }

    mutating func apply(_ document: ConfigDocument, instance: String?) throws(ConfigError) {
        for name in Self.sectionNames(instance: instance) {
            guard let section = try document.section(name) else { continue }
            let reader = ConfigKeyReader(document: document, section: "[\(name)] ")
            for (key, value) in section.sorted(by: { $0.key < $1.key }) {
                switch key {
                case "outputmode":
                    let mode = try reader.string(key, value)
                    // aql's modes: table, json, raw, and mute (no output), which aerosh has not.
                    guard let format = ["table": OutputFormat.table, "json": .json, "raw": .raw][mode.value.lowercased()] else {
                        warnings.append("warning: \(document.shownPath): [\(name)] outputmode '\(mode.value)' passed over (aerosh takes table, json or raw from it)")
                        continue
                    }
                    output = Sourced(value: format, origin: mode.origin)
                case "timeout": timeout = try reader.int(key, value, in: 1...Int(Int32.max), what: "milliseconds")
                case "socket-timeout": socketTimeout = try reader.int(key, value, in: 1...Int(Int32.max), what: "milliseconds")
                case let ignored where Self.ignoredKeys.contains(ignored): continue
                default:
                    warnings.append("warning: \(document.shownPath): [\(name)] unknown key '\(key)' passed over")
                }
            }
        }
    }
}
