#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the configuration files are, from the environment alone, so that tests point them
/// at temporary folders instead of the real /etc and home.
///
/// - aql's tool configuration: `/etc/aerospike/astools.conf`, then
///   `~/.aerospike/astools.conf`. `AEROSH_SYSTEM_CONFIG` replaces the first path; it exists
///   for tests, which must not read the machine's own file.
/// - aerosh's own defaults: `$XDG_CONFIG_HOME/aerosh/config.toml`, else
///   `~/.config/aerosh/config.toml` (a relative XDG_CONFIG_HOME is ignored, as the XDG spec
///   says).
struct ConfigLocations: Sendable, Equatable {
    static let systemToolsPath = "/etc/aerospike/astools.conf"

    var systemTools: String?
    var userTools: String?
    var aerosh: String?
    /// The home folder, to show paths under it as `~/…`.
    var home: String?

    init(systemTools: String?, userTools: String?, aerosh: String?, home: String?) {
        self.systemTools = systemTools
        self.userTools = userTools
        self.aerosh = aerosh
        self.home = home
    }

    init(environment: (String) -> String?) {
        let home = environment("HOME").flatMap { $0.hasPrefix("/") ? Self.trimmed($0) : nil }
        self.home = home
        systemTools = environment("AEROSH_SYSTEM_CONFIG").flatMap { $0.isEmpty ? nil : $0 } ?? Self.systemToolsPath
        userTools = home.map { Self.joined($0, ".aerospike/astools.conf") }
        if let config = environment("XDG_CONFIG_HOME"), config.hasPrefix("/") {
            aerosh = Self.joined(Self.trimmed(config), "aerosh/config.toml")
        } else {
            aerosh = home.map { Self.joined($0, ".config/aerosh/config.toml") }
        }
    }

    static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// `path` as messages show it: `~/…` when it is under the home folder.
    func shown(_ path: String) -> String {
        guard let home, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }

    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    private static func joined(_ base: String, _ rest: String) -> String {
        base == "/" ? "/" + rest : base + "/" + rest
    }
}

/// Reads configuration files: a missing default file is simply not there, and one that
/// cannot be read (a system file only root may read) is passed over with a warning; one
/// given with --config-file must exist and be readable.
enum ConfigFileReader {
    enum Outcome: Equatable {
        case document(ConfigDocument)
        case missing
        /// Why a default file was passed over.
        case unreadable(warning: String)
    }

    static func read(_ path: String, shownPath: String, required: Bool) throws(ConfigError) -> Outcome {
        var info = stat()
        if stat(path, &info) != 0 && errno == ENOENT {
            if required { throw ConfigError("configuration file \(shownPath) does not exist") }
            return .missing
        }
        let text: String
        do throws(InputReader.Failure) {
            text = try InputReader.readFile(path)
        } catch {
            let reason = "cannot read configuration file \(shownPath): \(error.message.split(separator: ": ").last ?? "")"
            if required { throw ConfigError(reason) }
            return .unreadable(warning: reason + " (passed over)")
        }
        return .document(try ConfigDocument(text: text, shownPath: shownPath))
    }

    /// The regular files of a folder an `[include]` names, in name order (aql reads them
    /// in the order the folder lists them, which is no order at all).
    static func files(in directory: String, shownPath: String) throws(ConfigError) -> [String] {
        guard let handle = opendir(directory) else {
            throw ConfigError("cannot read configuration folder \(shownPath): \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            var info = stat()
            let path = directory + "/" + name
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { names.append(path) }
        }
        return names.sorted()
    }
}
