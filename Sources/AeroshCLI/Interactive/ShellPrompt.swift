/// What the shell is talking to, as the prompt and the welcome line name it.
enum ShellTarget: Sendable, Hashable {
    /// The embedded store in a file (or `:memory:`).
    case embedded(path: String)
    /// A cluster, through the seed the shell connected to.
    case server(String)

    /// `embedded:demo.db` (the file's name without its folders, so the prompt stays short)
    /// or `127.0.0.1:3000`.
    var label: String {
        switch self {
        case .embedded(let path):
            let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
            return "embedded:\(name)"
        case .server(let address):
            return address
        }
    }

    /// How the welcome line describes it.
    var description: String {
        switch self {
        case .embedded(let path): "the embedded store \(path)"
        case .server(let address): "the cluster at \(address)"
        }
    }
}

/// The prompt texts, kept together so that every target reads alike.
struct ShellPrompt: Sendable, Hashable {
    let target: ShellTarget

    /// `aerosh embedded:demo.db> `
    var main: String { "aerosh \(target.label)> " }

    /// Shown while a statement is unfinished (an open bracket, a key still to come).
    var continuation: String { "      ...> " }

    func text(continuing: Bool) -> String {
        continuing ? continuation : main
    }

    /// The one line printed on start.
    var welcome: String {
        "aerosh \(AeroshVersion.current) on \(target.description). HELP for the statements, QUIT or Ctrl-D to leave.\n"
    }
}
