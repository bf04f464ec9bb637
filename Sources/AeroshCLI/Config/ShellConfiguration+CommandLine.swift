import AerospikeNetwork

/// The command line over the files: each value is the flag's when given, else the file's,
/// else the built-in default. (The environment sits between the two: AEROSH_PASSWORD in
/// `ShellCommand.credentials()`, NO_COLOR in `TerminalOutput`.)
extension ShellConfiguration {
    /// The port of seeds given without one: -p, else astools.conf's `port`, else 3000.
    func port(flag: Int?) -> Int {
        flag ?? cluster.port?.value ?? HostAddress.defaultPort
    }

    /// -h's seeds when given, else astools.conf's `host` (each with its own port, else the
    /// port above); empty means the built-in 127.0.0.1.
    func seeds(flagHosts: [String], flagPort: Int?) -> [HostAddress] {
        let port = port(flag: flagPort)
        if !flagHosts.isEmpty { return flagHosts.compactMap { HostAddress($0, defaultPort: port) } }
        return (cluster.seeds?.value ?? []).map { HostAddress(host: $0.host, port: $0.port ?? port, tlsName: $0.tlsName) }
    }

    func user(flag: String?) -> String? {
        flag ?? cluster.user?.value
    }

    /// astools.conf's password, used after -P and AEROSH_PASSWORD, but only for the files'
    /// own user (or when they name none): a -U for someone else must not send them another
    /// account's password.
    func password(for user: String) -> String? {
        guard cluster.user == nil || cluster.user?.value == user else { return nil }
        return cluster.password?.value
    }

    /// The TLS to speak, nil for none: on when --tls-enable, or astools.conf's tls-enable
    /// without --no-tls-enable; each other value is the flag's, else the file's. A bad
    /// tls-protocols in a file ends the process (status 2), as any bad key does.
    func tlsPolicy(flags: TLSOptions) throws(ConfigError) -> TLSPolicy? {
        guard flags.enable ?? cluster.tlsEnable?.value ?? false else { return nil }
        var protocols = TLSProtocols.default
        if let text = flags.protocols ?? cluster.tlsProtocols?.value {
            do throws(TLSProtocolsError) {
                protocols = try TLSProtocols(parsing: text)
            } catch {
                let origin = flags.protocols == nil ? cluster.tlsProtocols.map { " in \($0.origin)" } ?? "" : ""
                throw ConfigError("tls-protocols '\(text)'\(origin) \(error.message)")
            }
        }
        return TLSPolicy(
            name: flags.name ?? cluster.tlsName?.value,
            caFile: flags.caFile ?? cluster.tlsCAFile?.value,
            caPath: flags.caPath ?? cluster.tlsCAPath?.value,
            certFile: flags.certFile ?? cluster.tlsCertFile?.value,
            keyFile: flags.keyFile ?? cluster.tlsKeyFile?.value,
            protocols: protocols)
    }

    func output(flag: OutputFormat?) -> OutputFormat {
        flag ?? defaults.output?.value ?? aql.output?.value ?? .table
    }

    func timeout(flag: Int?) -> Int? {
        flag ?? defaults.timeout?.value ?? aql.timeout?.value
    }

    /// --socket-timeout, else astools.conf's `[aql] socket-timeout`.
    func socketTimeout(flag: Int?) -> Int? {
        flag ?? aql.socketTimeout?.value
    }

    func concurrency(flag: Int?) -> Int {
        flag ?? defaults.concurrency?.value ?? 1
    }

    /// --no-color, or `color = false`.
    func noColor(flag: Bool) -> Bool {
        flag || defaults.color?.value == false
    }

    var historySize: Int { defaults.historySize?.value ?? ShellHistory.defaultLimit }

    var promptTemplate: String { defaults.prompt?.value ?? ShellPrompt.defaultTemplate }

    /// SHOW SETTINGS's rows whose value came from a file (no flag given for it), with the
    /// file: a setting whose source is not in here came from a flag, a default or SET.
    func settingOrigins(outputFlag: OutputFormat?, timeoutFlag: Int?, concurrencyFlag: Int?) -> [String: String] {
        var origins: [String: String] = [:]
        if outputFlag == nil, let output = defaults.output ?? aql.output { origins["OUTPUT"] = output.origin }
        if timeoutFlag == nil, let timeout = defaults.timeout ?? aql.timeout { origins["TIMEOUT"] = timeout.origin }
        if concurrencyFlag == nil, let concurrency = defaults.concurrency { origins["CONCURRENCY"] = concurrency.origin }
        return origins
    }
}
