import ArgumentParser

extension ShellCommand {
    /// Reads the configuration files the options choose, from where the environment says
    /// they are; warnings go to standard error, and an unusable file ends the process with
    /// its message (status 2).
    func loadConfiguration() throws -> ShellConfiguration {
        let choice = ShellConfiguration.Choice(configFile: configFile, onlyConfigFile: onlyConfigFile, noConfigFile: noConfigFile, instance: instance)
        let configuration: ShellConfiguration
        do throws(ConfigError) {
            configuration = try ShellConfiguration.load(choice, locations: ConfigLocations(environment: ConfigLocations.processEnvironment))
        } catch {
            try Self.fail(error.message, status: error.status)
        }
        if !configuration.warnings.isEmpty {
            var errors = FileDescriptorSink.standardError()
            for warning in configuration.warnings { errors.write(warning + "\n") }
            errors.flush()
        }
        return configuration
    }

    /// Writes `error: message` and ends with `status`.
    static func fail(_ message: String, status: ExitStatus) throws -> Never {
        var errors = FileDescriptorSink.standardError()
        errors.write("error: \(message)\n")
        errors.flush()
        throw ExitCode(status.rawValue)
    }
}
