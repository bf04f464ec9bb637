import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AeroshLanguage
import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `aerosh [shell]`: run statements against an Aerospike store, one-shot (`-c`), from a
/// script (`-f`, or piped on standard input) or interactively. The default subcommand, so
/// `aerosh -c …` needs no name.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Run statements: one-shot, from a script, or at a prompt (the default).",
        discussion: """
            Statements come from -c, from -f, from standard input when it is not a terminal, \
            or are typed at the prompt; -f and standard input run as they are read. Exit status: 0 \
            when every statement succeeded, 1 when one failed, 2 for bad usage or a syntax error, \
            3 when the server cannot be reached or the store cannot be opened.
            """,
        // -h is aql's host flag; help stays on --help.
        helpNames: [.long]
    )

    @Option(name: .customLong("embedded"), help: ArgumentHelp("Use the embedded store in this SQLite file (created if missing); ':memory:' for a throw-away one.", valueName: "path"))
    var embedded: String?

    @Option(name: [.customShort("h"), .customLong("host")], help: ArgumentHelp("A seed node of the cluster, host[:port], or host:tls-name:port with TLS (repeatable); 127.0.0.1:3000 when neither this nor --embedded is given.", valueName: "host[:port]"))
    var hosts: [String] = []

    @Option(name: [.customShort("p"), .customLong("port")], help: ArgumentHelp("The port of seed hosts given without one (default 3000).", valueName: "port"))
    var port: Int?

    @Option(name: [.customShort("U"), .customLong("user")], help: ArgumentHelp("Log in to the cluster as this user (internal authentication). The password comes from -P, else AEROSH_PASSWORD, else a prompt.", valueName: "user"))
    var user: String?

    @Option(name: [.customShort("P"), .customLong("password")], help: ArgumentHelp("The user's password; -P alone asks for it without echo.", valueName: "password"))
    var password: String?

    @Flag(name: .customLong("ask-password"), help: .hidden)
    var askPassword = false

    @Option(name: .customLong("namespace"), help: ArgumentHelp("Add a namespace to the embedded store, or set one's default TTL in seconds (0 = never expire). Repeatable; test and bar always exist.", valueName: "name[:default-ttl=seconds]"))
    var namespaces: [NamespaceOption] = []

    @Option(name: [.customShort("c"), .customLong("command")], help: ArgumentHelp("Run these statements and exit.", valueName: "statements"))
    var command: String?

    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("Run the statements in this file and exit.", valueName: "file"))
    var file: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: table (the default), json, jsonl, csv, raw or vertical (a block per record, for wide records).")
    var output: OutputFormat?

    @Option(name: [.customShort("T"), .customLong("timeout")], help: ArgumentHelp("Each statement's total timeout in milliseconds (default 1000).", valueName: "ms"))
    var timeout: Int?

    @Option(name: .customLong("socket-timeout"), help: ArgumentHelp("Give up on an attempt after this many milliseconds of silence and retry (reads) while the timeout allows; by default one attempt may take the whole timeout.", valueName: "ms"))
    var socketTimeout: Int?

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print no footers (row counts and timings).")
    var quiet = false

    @Flag(name: [.customShort("e"), .customLong("echo")], help: "Print each statement before its result.")
    var echo = false

    @Flag(name: .customLong("no-color"), help: "No colour on a terminal (as with NO_COLOR set).")
    var noColor = false

    @Flag(name: .customLong("continue-on-error"), help: "Run every statement even after one fails; exit 1 if any failed.")
    var continueOnError = false

    @Flag(name: .customLong("no-history"), help: "At the prompt, neither read nor write the history file (for shared machines).")
    var noHistory = false

    @Option(name: .customLong("max-records"), help: ArgumentHelp("At most this many records from each scan or query (as SET LIMIT n; a statement's smaller LIMIT wins).", valueName: "n"))
    var maxRecords: Int?

    @Option(name: .customLong("concurrency"), help: ArgumentHelp("Keep up to n single-record statements of a script in flight at once, each key's in script order, results in script order (as SET CONCURRENCY n). Default 1.", valueName: "n"))
    var concurrency: Int?

    @Flag(name: [.customShort("y"), .customLong("yes")], help: "At the prompt, run TRUNCATE without asking first (as SET CONFIRM OFF).")
    var yes = false

    @Option(name: .customLong("config-file"), help: ArgumentHelp("Read this astools.conf too, after /etc/aerospike/astools.conf and ~/.aerospike/astools.conf (its values win).", valueName: "path"))
    var configFile: String?

    @Option(name: .customLong("only-config-file"), help: ArgumentHelp("Read this astools.conf instead of /etc/aerospike/astools.conf and ~/.aerospike/astools.conf.", valueName: "path"))
    var onlyConfigFile: String?

    @Flag(name: .customLong("no-config-file"), help: "Read no configuration file: neither astools.conf nor ~/.config/aerosh/config.toml.")
    var noConfigFile = false

    @Option(name: .customLong("instance"), help: ArgumentHelp("Use astools.conf's [cluster_NAME] section instead of [cluster].", valueName: "name"))
    var instance: String?

    // Untitled and declared last: ArgumentParser puts a titled group before OPTIONS, and
    // `aerosh --help` should open with the everyday options, TLS at their end.
    @OptionGroup
    var tls: TLSOptions

    func validate() throws {
        if command != nil && file != nil {
            throw ValidationError("-c and -f cannot be used together")
        }
        if let timeout, timeout <= 0 {
            throw ValidationError("--timeout must be a positive number of milliseconds")
        }
        if let maxRecords, maxRecords <= 0 {
            throw ValidationError("--max-records must be a positive number of records")
        }
        if let concurrency, concurrency < 1 || concurrency > Setting.maxConcurrency {
            throw ValidationError("--concurrency must be from 1 to \(Setting.maxConcurrency)")
        }
        if let socketTimeout, socketTimeout <= 0 {
            throw ValidationError("--socket-timeout must be a positive number of milliseconds")
        }
        if embedded != nil && !hosts.isEmpty {
            throw ValidationError("--embedded and -h cannot be used together")
        }
        if (configFile != nil || onlyConfigFile != nil) && noConfigFile {
            throw ValidationError("--\(configFile != nil ? "config-file" : "only-config-file") and --no-config-file cannot be used together")
        }
        if configFile != nil && onlyConfigFile != nil {
            throw ValidationError("--config-file and --only-config-file cannot be used together")
        }
        if user != nil && embedded != nil {
            throw ValidationError("-U logs in to a cluster; the embedded store has no users")
        }
        if let bad = hosts.first(where: { HostAddress($0, defaultPort: port ?? HostAddress.defaultPort) == nil }) {
            throw ValidationError("'\(bad)' is not host[:port] or host:tls-name:port")
        }
    }

    /// The user and password to log in with: -P, else AEROSH_PASSWORD, else astools.conf's,
    /// else asked for.
    private func credentials(_ configuration: ShellConfiguration) throws -> Credentials? {
        guard let user = configuration.user(flag: user) else {
            if password != nil || askPassword { try Self.fail("-P needs a user: give -U", status: .usage) }
            return nil
        }
        if let password, !askPassword { return Credentials(user: user, password: password) }
        if !askPassword, let password = getenv("AEROSH_PASSWORD").map({ String(cString: $0) }) ?? configuration.password(for: user) {
            return Credentials(user: user, password: password)
        }
        do {
            return Credentials(user: user, password: try PasswordPrompt.read(prompt: "Password for \(user): "))
        } catch {
            var errors = FileDescriptorSink.standardError()
            errors.write("error: no password for \(user): give -P PASSWORD or set AEROSH_PASSWORD (no terminal to ask on)\n")
            errors.flush()
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }

    /// The TLS the command line and astools.conf ask for (the embedded store needs none).
    private func tlsPolicy(_ configuration: ShellConfiguration) throws -> TLSPolicy? {
        do throws(ConfigError) {
            return try configuration.tlsPolicy(flags: tls)
        } catch {
            try Self.fail(error.message, status: error.status)
        }
    }

    func run() async throws {
        var errors = FileDescriptorSink.standardError()
        let configuration = try loadConfiguration()
        // A cluster's settings do not apply to the embedded store.
        let credentials = try credentials(embedded == nil ? configuration : ShellConfiguration())
        let tlsPolicy = embedded == nil ? try tlsPolicy(configuration) : nil
        let (port, timeout, noColor) = (configuration.port(flag: self.port), configuration.timeout(flag: self.timeout), configuration.noColor(flag: self.noColor))
        let (store, target) = try await TargetOpening.open(
            embedded: embedded, namespaces: namespaces, seeds: configuration.seeds(flagHosts: hosts, flagPort: self.port), port: port,
            credentials: credentials, timeout: timeout.map { .milliseconds($0) }, tls: tlsPolicy)

        let stdout = FileDescriptorSink.standardOutput()
        let display = DisplaySettings(
            format: configuration.output(flag: output), style: stdout.isTerminal ? .boxed : .plain,
            terminal: TerminalOutput.detect(descriptor: 1, noColor: noColor))
        var runner = ScriptRunner(
            executor: Executor(client: store, defaults: SessionDefaults(
                timeout: timeout.map { .milliseconds($0) }, socketTimeout: configuration.socketTimeout(flag: socketTimeout).map { .milliseconds($0) }, maxRecords: maxRecords)),
            renderer: display.makeRenderer(),
            continueOnError: continueOnError,
            showFooters: !quiet,
            display: display
        )
        runner.echo = echo
        runner.confirmsTruncate = !yes
        runner.concurrency = configuration.concurrency(flag: concurrency)
        runner.settingOrigins = configuration.settingOrigins(outputFlag: output, timeoutFlag: self.timeout, concurrencyFlag: concurrency)
        runner.progress = ProgressLine.standardError()
        // Only with TLS on: a run in the clear shows the rows it always did.
        runner.tlsSummary = tlsPolicy.map { policy in policy.name.map { "ON (name \($0))" } ?? "ON" }
        let (namespaceOptions, defaultPort) = (namespaces, port)
        let firstTendTimeout: Duration? = timeout.map { .milliseconds($0) }
        runner.connector = { target async throws(AerospikeError) in
            try await TargetOpening.connect(target, namespaces: namespaceOptions, port: defaultPort, credentials: credentials, timeout: firstTendTimeout, tls: tlsPolicy)
        }

        // `-c` is checked whole before anything runs; a file or a pipe runs as it is read.
        let input: ScriptInput
        do {
            if let command {
                input = .text(SourceText(command))
            } else if let file {
                input = .lines(try LineStream.file(file), name: file)
            } else if !InputReader.standardInputIsTerminal {
                input = .lines(LineStream.standardInput(), name: nil)
            } else {
                let shell = InteractiveShell(
                    prompt: ShellPrompt(target: target, template: configuration.promptTemplate),
                    historyFile: noHistory ? nil : HistoryFile.location(environment: HistoryFile.processEnvironment).map { HistoryFile(path: $0, limit: configuration.historySize) },
                    readNames: { client in await CompletionSource.names(from: client) },
                    redErrors: TerminalOutput.detect(descriptor: 2, noColor: noColor)?.colors ?? false
                )
                // After a CONNECT the runner holds another client: that is the one to close.
                let (status, last) = await shell.run(runner)
                await last.executor.client.close()
                throw ExitCode(status.rawValue)
            }
        } catch let failure as InputReader.Failure {
            errors.write("error: \(failure.message)\n")
            errors.flush()
            throw ExitCode(ExitStatus.usage.rawValue)
        }

        // Ctrl-C cancels the statement running, which reports its line; the script ends
        // with status 1.
        let terminal = TerminalOutput.detect(descriptor: 2, noColor: noColor)
        let interrupts = InterruptWatch(echoesNewline: terminal != nil, exitsOnSecondInterrupt: true)
        let (status, last) = await interrupts.run { [runner, input] () async -> (ExitStatus, ScriptRunner) in
            var runner = runner
            var input = input
            var stdout = FileDescriptorSink.standardOutput()
            let status: ExitStatus
            if terminal?.colors == true {
                var red = RedSink(base: FileDescriptorSink.standardError())
                status = await input.run(with: &runner, output: &stdout, errors: &red)
            } else {
                var errors = FileDescriptorSink.standardError()
                status = await input.run(with: &runner, output: &stdout, errors: &errors)
            }
            stdout.flush()
            return (status, runner)
        }
        interrupts.stop()
        await last.executor.client.close()
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// Where the statements of a non-interactive run come from.
enum ScriptInput {
    /// `-c`: the whole text, checked before anything runs.
    case text(SourceText)
    /// `-f` or a pipe: run as read.
    case lines(LineStream, name: String?)

    mutating func run(with runner: inout ScriptRunner, output: inout some OutputSink, errors: inout some OutputSink) async -> ExitStatus {
        switch self {
        case .text(let source):
            return await runner.run(source, output: &output, errors: &errors)
        case .lines(var lines, let name):
            defer { lines.close() }
            return await runner.runStream(&lines, name: name, output: &output, errors: &errors)
        }
    }
}
