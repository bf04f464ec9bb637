#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the history lives between sessions and how it is read and written.
///
/// `$XDG_STATE_HOME/aerosh/history`, else `~/.local/state/aerosh/history`. The file is only
/// ever replaced whole (written beside it, then renamed), so a crash or a full disk leaves
/// the old one intact, and it is created 0600 inside a 0700 folder because statements can
/// hold data the user would not show others.
struct HistoryFile: Sendable {
    let path: String
    /// How many entries are kept: config.toml's `history-size`, else 1000.
    var limit = ShellHistory.defaultLimit

    /// The path the environment asks for; nil when neither `XDG_STATE_HOME` nor `HOME` is a
    /// usable absolute path (the XDG spec says to ignore relative ones).
    static func location(environment: (String) -> String?) -> String? {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return joined(state, "aerosh/history")
        }
        if let home = environment("HOME"), home.hasPrefix("/") {
            return joined(home, ".local/state/aerosh/history")
        }
        return nil
    }

    static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The entries in the file; none when it does not exist or cannot be read.
    func load(limit: Int? = nil) -> ShellHistory {
        ShellHistory(HistoryFileFormat.decode((try? InputReader.readFile(path)) ?? ""), limit: limit ?? self.limit)
    }

    /// Adds one statement to the file. The file is read again first, so two sessions open at
    /// once both keep what they typed. Returns false when the file could not be written.
    @discardableResult
    func append(_ entry: String, limit: Int? = nil) -> Bool {
        var history = load(limit: limit)
        guard history.record(entry) else { return true }
        return write(history.entries)
    }

    func write(_ entries: [String]) -> Bool {
        guard makeParentFolders() else { return false }
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        // The umask may have taken bits away; put exactly owner read and write back.
        var written = fchmod(descriptor, 0o600) == 0
        let bytes = Array(HistoryFileFormat.encode(entries).utf8)
        written = written && FileDescriptorSink.writeAll(bytes, to: descriptor)
        written = close(descriptor) == 0 && written
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// `mkdir -p` of the file's folder; new folders are 0700.
    private func makeParentFolders() -> Bool {
        var folder = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        for part in parts {
            folder += "/" + part
            if mkdir(folder, 0o700) != 0 && errno != EEXIST { return false }
        }
        return true
    }

    private static func joined(_ base: String, _ rest: String) -> String {
        var base = base
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return base == "/" ? "/" + rest : base + "/" + rest
    }
}
