/// What the configuration files say, merged: system astools.conf < user astools.conf <
/// --config-file's astools.conf (each followed by the files its `[include]` names) <
/// aerosh's config.toml. The environment and the command line come on top of this (see
/// `ConfiguredOptions`), so a file only ever supplies defaults.
struct ShellConfiguration: Sendable, Equatable {
    var cluster = ClusterSettings()
    var aql = AqlSettings()
    var defaults = AeroshDefaults()
    /// Files passed over and keys not known, one message each, for standard error.
    var warnings: [String] = []

    /// Which files the command line asks for.
    struct Choice: Sendable, Equatable {
        /// --config-file: this astools.conf after the system and user ones (as aql).
        var configFile: String?
        /// --only-config-file: this astools.conf instead of the system and user ones.
        var onlyConfigFile: String?
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
        if let only = choice.onlyConfigFile {
            toolsFiles = [(only, true)]
        } else {
            toolsFiles = [locations.systemTools, locations.userTools].compactMap { $0 }.map { ($0, false) }
            if let explicit = choice.configFile { toolsFiles.append((explicit, true)) }
        }
        var tools = ToolsFilesRead(instance: choice.instance)
        for file in toolsFiles {
            try configuration.readTools(file.path, required: file.required, locations: locations, level: 0, into: &tools)
        }
        let (sectionFound, toolsRead) = (tools.sectionFound, tools.shownPaths)
        configuration.warnings += configuration.aql.warnings
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

    /// What reading the astools.conf files has found so far.
    struct ToolsFilesRead {
        let instance: String?
        var sectionFound = false
        var shownPaths: [String] = []
    }

    /// aql's limit on `[include]` within included files.
    static let maxIncludeDepth = 3

    /// One astools.conf: its `[cluster]` and `[aql]` sections, then the files its
    /// `[include]` names (`file`, and every file of `directory` in name order), which
    /// therefore override it, as in aql. A relative path is taken from the including
    /// file's folder. A file an include names must exist.
    private mutating func readTools(
        _ path: String, required: Bool, locations: ConfigLocations, level: Int, into read: inout ToolsFilesRead
    ) throws(ConfigError) {
        guard let document = try self.read(path, required: required, locations: locations) else { return }
        read.shownPaths.append(document.shownPath)
        if try cluster.apply(document, instance: read.instance) { read.sectionFound = true }
        try aql.apply(document, instance: read.instance)
        guard let section = try document.section("include") else { return }
        let reader = ConfigKeyReader(document: document, section: "[include] ")
        guard level < Self.maxIncludeDepth else {
            throw ConfigError("\(document.shownPath): [include] nests deeper than \(Self.maxIncludeDepth) files")
        }
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        func resolved(_ name: String) -> String { name.hasPrefix("/") ? name : folder + "/" + name }
        if let unknown = section.keys.sorted().first(where: { $0 != "file" && $0 != "directory" }) {
            throw reader.invalid(unknown, "is not an [include] key (file or directory)")
        }
        // `file` first, then `directory` (a TOML table keeps no order to follow).
        if let value = section["file"] {
            try readTools(resolved(try reader.string("file", value).value), required: true, locations: locations, level: level + 1, into: &read)
        }
        if let value = section["directory"] {
            let directory = resolved(try reader.string("directory", value).value)
            for file in try ConfigFileReader.files(in: directory, shownPath: locations.shown(directory)) {
                try readTools(file, required: true, locations: locations, level: level + 1, into: &read)
            }
        }
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
