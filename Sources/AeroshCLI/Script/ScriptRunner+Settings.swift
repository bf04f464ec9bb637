import AerospikeCore
import AeroshLanguage

extension ScriptRunner {
    /// Applies a SET: statement defaults go to the executor, the rest to the display.
    public mutating func apply(_ setting: Setting) {
        switch setting {
        case .output(let name): display.format = OutputFormat(rawValue: name.rawValue) ?? .table
        case .timeout(let timeout): executor.defaults.timeout = timeout
        case .ttl(let ttl): executor.defaults.ttl = ttl
        case .sendKey(let on): executor.defaults.sendKey = on
        case .timing(let on): display.timing = on
        case .meta(let on): display.meta = on
        case .continueOnError(let on): continueOnError = on
        case .limit(let limit): executor.defaults.maxRecords = limit
        case .confirm(let on): confirmsTruncate = on
        case .concurrency(let count): concurrency = count
        }
        // A value SET chose no longer comes from a configuration file.
        settingOrigins[setting.shownName] = nil
        renderer = display.makeRenderer()
    }

    /// SHOW SETTINGS: one `name value` line per setting, as SET takes them; a value that a
    /// configuration file set has a third column naming the file.
    func settingsText() -> String {
        let ttl: String
        switch executor.defaults.ttl {
        case .namespaceDefault: ttl = "DEFAULT"
        case .never: ttl = "NEVER"
        case .unchanged: ttl = "UNCHANGED"
        case .seconds(let seconds): ttl = String(seconds)
        }
        let timeout = executor.defaults.timeout.map { "\($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)ms" } ?? "DEFAULT"
        var rows: [(String, String)] = [
            ("OUTPUT", display.format.rawValue.uppercased()),
            ("TIMEOUT", timeout),
            ("TTL", ttl),
            ("SEND KEY", executor.defaults.sendKey ? "ON" : "OFF"),
            ("TIMING", display.timing ? "ON" : "OFF"),
            ("META", display.meta ? "ON" : "OFF"),
            ("ON ERROR", continueOnError ? "CONTINUE" : "STOP"),
            ("LIMIT", executor.defaults.maxRecords.map(String.init) ?? "OFF"),
            ("CONFIRM", confirmsTruncate ? "ON" : "OFF"),
            ("CONCURRENCY", String(concurrency)),
        ]
        // How the cluster is reached, not a SET setting: shown, never key material.
        if let tlsSummary { rows.append(("TLS", tlsSummary)) }
        return rows.map { name, value in
            guard let origin = settingOrigins[name] else { return "\(name.padding(10))\(value)\n" }
            return "\(name.padding(10))\(value.padding(10))from \(origin)\n"
        }.joined()
    }
}

extension Setting {
    /// The setting's row in SHOW SETTINGS.
    var shownName: String {
        switch self {
        case .output: "OUTPUT"
        case .timeout: "TIMEOUT"
        case .ttl: "TTL"
        case .sendKey: "SEND KEY"
        case .timing: "TIMING"
        case .meta: "META"
        case .continueOnError: "ON ERROR"
        case .limit: "LIMIT"
        case .confirm: "CONFIRM"
        case .concurrency: "CONCURRENCY"
        }
    }
}

/// How results are shown, as `-o` and `SET OUTPUT | META | TIMING` choose.
public struct DisplaySettings: Sendable {
    public var format: OutputFormat
    public var style: TableStyle
    public var terminal: TerminalOutput?
    public var meta: Bool
    public var timing: Bool

    public init(format: OutputFormat = .table, style: TableStyle = .plain, terminal: TerminalOutput? = nil, meta: Bool = true, timing: Bool = true) {
        self.format = format
        self.style = style
        self.terminal = terminal
        self.meta = meta
        self.timing = timing
    }

    public func makeRenderer() -> any ResultRenderer {
        format.makeRenderer(style: style, terminal: terminal, meta: meta, timing: timing)
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(1, width - count))
    }
}
