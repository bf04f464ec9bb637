import ArgumentParser

extension AeroshCommand {
    /// Parses the command line and runs, mapping argument errors to exit status 2 (LANGUAGE.md)
    /// instead of ArgumentParser's 64.
    public static func entry() async -> Never {
        do {
            var command = try parseAsRoot(PasswordOption.rewrite(Array(CommandLine.arguments.dropFirst())))
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
