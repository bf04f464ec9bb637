import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

extension AeroshCommand {
    /// Parses the command line and runs, mapping argument errors to exit status 2 (LANGUAGE.md)
    /// instead of ArgumentParser's 64.
    public static func entry() async -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A write past a file-size limit (`ulimit -f`) must fail as an error the store
        // reports (the store is full), not kill the process with SIGXFSZ mid-transaction.
        signal(SIGXFSZ, SIG_IGN)
        let passwordOnCommandLine = PasswordOption.hideFromProcessList()
        if passwordOnCommandLine {
            var errors = FileDescriptorSink.standardError()
            errors.write("warning: a password given with -P can be seen by other users of this machine (ps, shell history); set AEROSH_PASSWORD, or give -P alone to be asked\n")
            errors.flush()
        }
        do {
            let rewritten = PasswordOption.rewrite(arguments)
            if let shell = QuickCommandLine.shellCommand(rewritten) {
                do {
                    try await shell.run()
                } catch let status as ExitCode {
                    // A statement failed (status 1, 2, …): its error is already written.
                    // Leaving through ArgumentParser's error path built its help machinery
                    // (runtime type lookups) only to exit.
                    exitPromptly(status.rawValue)
                }
                exitPromptly()
            }
            var command = try parseAsRoot(rewritten)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                var errors = FileDescriptorSink.standardError()
                errors.write(fullMessage(for: error) + "\n")
                errors.flush()
                exit(withError: ExitCode(ExitStatus.usage.rawValue))
            }
            exit(withError: error)
        }
    }
}

extension AeroshCommand {
    /// Answers `--version`, `--help` and `--generate-completion-script` (what needs nothing
    /// started) and says whether it did; the executable calls it before any task or thread
    /// exists.
    public static func answerAtOnce(_ arguments: [String]) -> Bool {
        let text: String
        if let shell = completionShellRequested(arguments) {
            // An unknown shell goes on to ArgumentParser, which says which ones it knows.
            guard let script = completionScript(forShellNamed: shell) else { return false }
            write(script)
            return true
        }
        switch arguments {
        case ["--version"]:
            text = AeroshVersion.description + "\n"
        case ["--help"], ["help"]:
            // What a person came for first: the shell's usage and options (as psql,
            // redis-cli and aql show theirs), with serve named as the subcommand it is.
            text = topLevelHelp()
        default:
            return false
        }
        write(text)
        return true
    }

    private static func write(_ text: String) {
        var output = FileDescriptorSink.standardOutput()
        output.write(text)
        output.flush()
    }

    /// For `--generate-completion-script [shell]` and `--generate-completion-script=shell`:
    /// the shell named, or `.some(nil)` for none (the one in SHELL). nil for other arguments.
    static func completionShellRequested(_ arguments: [String]) -> String?? {
        let option = "--generate-completion-script"
        guard let first = arguments.first, arguments.count <= 2 else { return nil }
        if first == option {
            return .some(arguments.count == 2 ? arguments[1] : nil)
        }
        if arguments.count == 1, first.hasPrefix(option + "=") {
            return .some(String(first.dropFirst(option.count + 1)))
        }
        return nil
    }

    /// Ends the process with status 0.
    public static func exitNow() -> Never {
        exitPromptly()
    }

    /// Ends the process with `status` once everything of ours is written and closed
    /// (output sinks flushed, the client or store closed), skipping the C library's exit
    /// handlers and the static destructors of the runtime and libraries: together they
    /// took 0.7 ms of a 10 ms one-shot GET. aerosh writes through its own sinks, never
    /// C stdio; stdio is flushed anyway, in case a library wrote there.
    static func exitPromptly(_ status: Int32 = 0) -> Never {
        fflush(nil)
        _exit(status)
    }

    /// `aerosh --help`: the shell's help as the top level's, then the subcommands.
    static func topLevelHelp() -> String {
        let shell = ShellCommand.helpMessage(columns: nil)
        // The shell's own overview names it a subcommand; the top level has its own.
        var text = shell.firstRange(of: "USAGE:").map { String(shell[$0.lowerBound...]) } ?? shell
        text = text.replacing("USAGE: aerosh shell ", with: "USAGE: aerosh ").replacing("USAGE: shell ", with: "USAGE: aerosh ")
        text = """
            OVERVIEW: A command-line shell for Aerospike: run statements one-shot (-c), from a
            script (-f or standard input) or at a prompt, against a cluster (-h) or the embedded
            store (--embedded).


            """ + text
        return text + """

            SUBCOMMANDS:
              serve                   Serve the embedded store over the Aerospike wire protocol
                                      ('aerosh serve --help').

            """
    }
}
