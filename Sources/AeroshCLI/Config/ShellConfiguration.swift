/// What the configuration files say, merged: system astools.conf < user astools.conf <
/// aerosh's config.toml. The environment and the command line come on top of this (see
/// `ConfiguredOptions`), so a file only ever supplies defaults.
struct ShellConfiguration: Sendable, Equatable {
    var cluster = ClusterSettings()
    var defaults = AeroshDefaults()
    /// Files passed over and keys not known, one message each, for standard error.
    var warnings: [String] = []

    /// Which files the command line asks for.
    struct Choice: Sendable, Equatable {
        /// --config-file: this astools.conf instead of the system and user ones.
        var configFile: String?
        /// --no-config-file: no file at all, aerosh's own included, for runs that must not
        /// depend on the machine they run on.
        var noConfigFile = false
        /// --instance: `[cluster_NAME]` instead of `[cluster]`.
        var instance: String?
    }

    init() {}

    /// Reads the files `choice` and `locations` name. A file that is missing is passed
    /// over unless given with --config-file.
    static func load(_ choice: Choice, locations: ConfigLocations) throws(ConfigError) -> ShellConfiguration {
        var configuration = ShellConfiguration()
        if choice.noConfigFile {
            if let instance = choice.instance {
                throw ConfigError("--instance \(instance) needs a configuration file, and --no-config-file reads none")
            }
            return configuration
        }

        var toolsFiles: [(path: String, required: Bool)] = []
        if let explicit = choice.configFile {
            toolsFiles = [(explicit, true)]
        } else {
            toolsFiles = [locations.systemTools, locations.userTools].compactMap { $0 }.map { ($0, false) }
        }
        var sectionFound = false
        var toolsRead: [String] = []
        for file in toolsFiles {
            guard let document = try configuration.read(file.path, required: file.required, locations: locations) else { continue }
            toolsRead.append(document.shownPath)
            if try configuration.cluster.apply(document, instance: choice.instance) { sectionFound = true }
        }
        if let instance = choice.instance, !sectionFound {
            let section = ClusterSettings.sectionName(instance: instance)
            let searched = toolsRead.isEmpty ? "no astools.conf was found" : "not in \(toolsRead.joined(separator: " or "))"
            throw ConfigError("--instance \(instance): no [\(section)] section (\(searched))")
        }

        if let path = locations.aerosh, let document = try configuration.read(path, required: false, locations: locations) {
            configuration.defaults = try AeroshDefaults(document)
            configuration.warnings += configuration.defaults.warnings
        }
        return configuration
    }

    private mutating func read(_ path: String, required: Bool, locations: ConfigLocations) throws(ConfigError) -> ConfigDocument? {
        switch try ConfigFileReader.read(path, shownPath: locations.shown(path), required: required) {
        case .document(let document): return document
        case .missing: return nil
        case .unreadable(let warning):
            warnings.append("warning: \(warning)")
            return nil
        }
    }
}
