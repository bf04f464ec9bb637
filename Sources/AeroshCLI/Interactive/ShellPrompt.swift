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
    /// config.toml's `prompt`: `%t` is the target's label, `%%` a percent sign.
    static let defaultTemplate = "aerosh %t> "

    let target: ShellTarget
    var template = ShellPrompt.defaultTemplate

    /// `aerosh embedded:demo.db> `
    var main: String {
        var text = ""
        var rest = template[...]
        while let percent = rest.firstIndex(of: "%") {
            text += rest[..<percent]
            let code = rest.index(after: percent)
            guard code < rest.endIndex else { text += "%"; rest = rest[rest.endIndex...]; break }
            switch rest[code] {
            case "t": text += target.label
            case "%": text += "%"
            default: text += rest[percent...code]
            }
            rest = rest[rest.index(after: code)...]
        }
        return text + rest
    }

    /// Shown while a statement is unfinished (an open bracket, a key still to come); with
    /// a prompt of one's own, ending where the main prompt ends.
    var continuation: String {
        guard template != Self.defaultTemplate else { return "      ...> " }
        return String(repeating: " ", count: max(0, main.count - 5)) + "...> "
    }

    func text(continuing: Bool) -> String {
        continuing ? continuation : main
    }

    /// The one line printed on start.
    var welcome: String {
        "aerosh \(AeroshVersion.current) on \(target.description). HELP for the statements, QUIT or Ctrl-D to leave.\n"
    }
}
