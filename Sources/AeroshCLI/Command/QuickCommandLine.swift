import ArgumentParser

/// The everyday shell command lines (`-h`, `-p`, `-c`, `-f`, `-o`, `-q`, `--embedded` …),
/// read without ArgumentParser so that a one-shot `aerosh -h host -c 'GET …'` does not pay
/// for its first parse: building argument sets from the command's properties costs the
/// Swift runtime about 2.5 ms of type and conformance lookups in a fresh process, a fifth
/// of a one-shot GET.
///
/// Only plain lines are read here: each option spelled out on its own, each value in
/// the next argument, no option twice. Anything else (help, a subcommand, TLS, a user or
/// password, `--opt=value`, `-qe`, a value that starts with '-', a value of the wrong
/// type, a line `validate()` refuses) returns nil and goes to ArgumentParser, which parses
/// the whole line as it always did, errors included. `QuickCommandLineTests` checks that
/// every line read here gives the command ArgumentParser gives.
enum QuickCommandLine {
    /// The shell command for `arguments` (after `PasswordOption.rewrite`), or nil.
    static func shellCommand(_ arguments: [String]) -> ShellCommand? {
        var hosts: [String] = []
        var namespaces: [NamespaceOption] = []
        var embedded, command, file: String?
        var port, timeout, concurrency: Int?
        var output: OutputFormat?
        var quiet = false, echo = false, noColor = false, continueOnError = false, noConfigFile = false, yes = false
        var seen: Set<String> = []

        var index = 0
        while index < arguments.count {
            let option = arguments[index]
            index += 1
            // Repeatable options may come again; any other option twice goes to ArgumentParser.
            guard let name = canonicalName[option], name == "host" || name == "namespace" || seen.insert(name).inserted else {
                return nil
            }
            if flagNames.contains(name) {
                switch name {
                case "quiet": quiet = true
                case "echo": echo = true
                case "no-color": noColor = true
                case "continue-on-error": continueOnError = true
                case "no-config-file": noConfigFile = true
                default: yes = true
                }
                continue
            }
            guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
            let value = arguments[index]
            index += 1
            switch name {
            case "host": hosts.append(value)
            case "namespace":
                guard let namespace = NamespaceOption(argument: value) else { return nil }
                namespaces.append(namespace)
            case "embedded": embedded = value
            case "command": command = value
            case "file": file = value
            case "output":
                guard let format = OutputFormat(argument: value) else { return nil }
                output = format
            case "port":
                guard let number = Int(argument: value) else { return nil }
                port = number
            case "timeout":
                guard let number = Int(argument: value) else { return nil }
                timeout = number
            default:
                guard let number = Int(argument: value) else { return nil }
                concurrency = number
            }
        }

        // Every property is given a value: ArgumentParser's wrappers hold none until set.
        var shell = ShellCommand()
        shell.embedded = embedded
        shell.hosts = hosts
        shell.port = port
        shell.user = nil
        shell.password = nil
        shell.askPassword = false
        shell.namespaces = namespaces
        shell.command = command
        shell.file = file
        shell.output = output
        shell.timeout = timeout
        shell.socketTimeout = nil
        shell.quiet = quiet
        shell.echo = echo
        shell.noColor = noColor
        shell.continueOnError = continueOnError
        shell.noHistory = false
        shell.maxRecords = nil
        shell.concurrency = concurrency
        shell.yes = yes
        shell.configFile = nil
        shell.onlyConfigFile = nil
        shell.noConfigFile = noConfigFile
        shell.instance = nil
        var tls = TLSOptions()
        tls.enable = nil
        tls.name = nil
        tls.caFile = nil
        tls.caPath = nil
        tls.certFile = nil
        tls.keyFile = nil
        tls.protocols = nil
        shell.tls = tls
        // A line the command refuses is ArgumentParser's to report, as it always was.
        guard (try? shell.validate()) != nil else { return nil }
        return shell
    }

    /// Each spelling read here, by the option's long name.
    private static let canonicalName: [String: String] = [
        "-h": "host", "--host": "host",
        "-p": "port", "--port": "port",
        "-c": "command", "--command": "command",
        "-f": "file", "--file": "file",
        "-o": "output", "--output": "output",
        "-T": "timeout", "--timeout": "timeout",
        "--embedded": "embedded", "--namespace": "namespace", "--concurrency": "concurrency",
        "-q": "quiet", "--quiet": "quiet",
        "-e": "echo", "--echo": "echo",
        "-y": "yes", "--yes": "yes",
        "--no-color": "no-color", "--continue-on-error": "continue-on-error", "--no-config-file": "no-config-file",
    ]

    private static let flagNames: Set<String> = ["quiet", "echo", "yes", "no-color", "continue-on-error", "no-config-file"]
}
