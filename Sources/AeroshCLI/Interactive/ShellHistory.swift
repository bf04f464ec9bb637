/// The statements the shell remembers, oldest first: what Up-arrow and Ctrl-R search, and
/// what the history file keeps between sessions.
///
/// Three rules hold for every list, whether typed now or read from the file (which another
/// session, or an older version, may have written): a statement that mentions a password
/// is never kept; a repeated statement keeps only its latest place, so scrolling back never
/// shows the same line twice; and only the newest `limit` entries stay.
struct ShellHistory: Sendable, Hashable {
    static let defaultLimit = 1000

    private(set) var entries: [String] = []
    let limit: Int

    init(_ entries: [String] = [], limit: Int = ShellHistory.defaultLimit) {
        self.limit = max(0, limit)
        for entry in entries { record(entry) }
    }

    /// Adds a statement as the newest entry; false when it is not to be kept.
    @discardableResult
    mutating func record(_ text: String) -> Bool {
        let entry = ShellHistory.normalized(text)
        guard !entry.isEmpty, !ShellHistory.mentionsPassword(entry), limit > 0 else { return false }
        entries.removeAll { $0 == entry }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// Trailing blanks and line ends dropped: `GET …` and `GET … ` are one entry.
    static func normalized(_ text: String) -> String {
        var entry = Substring(text)
        while let last = entry.last, last.isWhitespace { entry.removeLast() }
        while let first = entry.first, first.isWhitespace { entry.removeFirst() }
        return String(entry)
    }

    /// True when the word PASSWORD appears in any case (`CONNECT … PASSWORD 'secret'`, a
    /// `password` bin): such a statement may carry a secret, so it is never written down.
    static func mentionsPassword(_ text: String) -> Bool {
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                if word.uppercased() == "PASSWORD" { return true }
                word = ""
            }
        }
        return false
    }
}

/// The history file's text: one entry per line, a line break inside an entry written `\n`
/// and a backslash `\\`, so a statement typed over several lines stays one entry.
enum HistoryFileFormat {
    static func encode(_ entries: [String]) -> String {
        var text = ""
        for entry in entries {
            for character in entry {
                switch character {
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                default: text.append(character)
                }
            }
            text += "\n"
        }
        return text
    }

    static func decode(_ text: String) -> [String] {
        // Split on line feeds alone: other line-breaking characters may sit inside a
        // string literal of an entry.
        text.unicodeScalars.split(separator: "\n").map { scalars in
            var line = String(String.UnicodeScalarView(scalars))
            if line.hasSuffix("\r") { line.removeLast() }
            return line
        }.filter { !$0.isEmpty }.map { line in
            var entry = ""
            var escaped = false
            for character in line {
                if escaped {
                    switch character {
                    case "n": entry += "\n"
                    case "r": entry += "\r"
                    default: entry.append(character)
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    entry.append(character)
                }
            }
            if escaped { entry += "\\" }
            return entry
        }
    }
}
