/// The words the shell answers itself rather than sending to the store: `HELP`,
/// `HELP <statement>`, `QUIT` and `EXIT` (any case, an optional `;`).
enum ShellDirective: Sendable, Hashable {
    case help(topic: String?)
    case quit

    /// The directive a whole entry spells, if it is one.
    init?(_ text: String) {
        var entry = ShellHistory.normalized(text)
        if entry.hasSuffix(";") {
            entry.removeLast()
            entry = ShellHistory.normalized(entry)
        }
        let words = entry.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first?.uppercased() else { return nil }
        switch (first, words.count) {
        case ("QUIT", 1), ("EXIT", 1): self = .quit
        case ("HELP", 1): self = .help(topic: nil)
        case ("HELP", 2): self = .help(topic: words[1])
        default: return nil
        }
    }
}
