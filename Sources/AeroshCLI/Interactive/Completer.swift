import AeroshLanguage

/// One thing Tab can write: the word, and what follows it once it is the only choice.
struct CompletionCandidate: Sendable, Hashable {
    var text: String
    var suffix: String
}

/// What Tab does to the line.
enum CompletionAction: Sendable, Hashable {
    /// Replace the last `replacing` characters (the word typed so far) with `text`.
    case insert(replacing: Int, text: String)
    /// Show these below the line and leave it as it is.
    case list([String])
    case none
}

/// Tab completion for the shell: statement keywords and shapes, option words, and the
/// namespace, set and bin names of the store — given only the text before the cursor, so it
/// is a pure function that tests can drive. What fits comes from the parser
/// (`Parser.expectations(after:)`): completion keeps no grammar of its own.
struct Completer: Sendable {
    var names: CompletionNames

    struct Result: Sendable, Hashable {
        /// The word before the cursor that the candidates would replace.
        var word: String
        var candidates: [CompletionCandidate]
        /// The statement's synopsis, shown when nothing fits.
        var hint: String?

        var action: CompletionAction {
            let typed = word.unicodeScalars.count
            if candidates.count == 1 {
                return .insert(replacing: typed, text: candidates[0].text + candidates[0].suffix)
            }
            if candidates.count > 1 {
                let common = Completer.commonPrefix(candidates.map(\.text))
                if common.unicodeScalars.count > typed { return .insert(replacing: typed, text: common) }
                return .list(candidates.map(\.text))
            }
            return hint.map { .list([$0]) } ?? .none
        }
    }

    /// Candidates for the text before the cursor: the unfinished statement's earlier lines,
    /// a line break, and the current line up to the cursor.
    func complete(_ text: String) -> Result {
        let word = Completer.trailingWord(of: text)
        let head = String(text.unicodeScalars.dropLast(word.unicodeScalars.count))
        let none = Result(word: word, candidates: [])
        if let first = word.unicodeScalars.first, ("0"..."9").contains(first) { return none }
        // The parser itself says what may come where the text before the word stops.
        guard Completer.cursorIsInCode(head + word), let tokens = Completer.statementTokens(head),
              let slot = Parser.expectations(after: tokens)
        else { return none }

        var candidates: [CompletionCandidate] = []
        if !slot.keywordsNeedPrefix || !word.isEmpty {
            for keyword in slot.keywords where keyword.hasPrefix(word.uppercased()) {
                candidates.append(CompletionCandidate(text: Completer.matchingCase(keyword, typed: word), suffix: " "))
            }
        }
        if !word.isEmpty {
            // `LIST_AP` + Tab: `LIST_APPEND(`, ready for its bin.
            for function in slot.functions where function.hasPrefix(word.uppercased()) {
                candidates.append(CompletionCandidate(text: Completer.matchingCase(function, typed: word), suffix: "("))
            }
        }
        if slot.namespaces {
            candidates += names.namespaces.filter { $0.hasPrefix(word) }.map { CompletionCandidate(text: $0, suffix: "") }
        }
        if let namespace = slot.setsOf {
            candidates += (names.sets[namespace] ?? []).sorted().filter { $0.hasPrefix(word) }.map { CompletionCandidate(text: $0, suffix: " ") }
        }
        if let namespace = slot.indexesOf {
            candidates += (names.indexes[namespace] ?? []).sorted().filter { $0.hasPrefix(word) }.map { CompletionCandidate(text: $0, suffix: " ") }
        }
        if slot.bins {
            candidates += names.bins.sorted().filter { $0.hasPrefix(word) }.map { CompletionCandidate(text: $0, suffix: slot.binSuffix) }
        }
        return Result(word: word, candidates: candidates, hint: candidates.isEmpty ? slot.synopsis : nil)
    }

    /// The identifier characters just before the cursor.
    static func trailingWord(of text: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars.reversed() {
            // The lexer's identifier characters (ASCII only).
            guard ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" else { break }
            scalars.append(scalar)
        }
        var word = ""
        word.unicodeScalars.append(contentsOf: scalars.reversed())
        return word
    }

    /// False inside a string or a comment, where Tab should not offer keywords: a word
    /// typed at the cursor would then not be a token of its own.
    static func cursorIsInCode(_ text: String) -> Bool {
        let probe = text + "x"
        let (stream, _) = Lexer.tokenize(SourceText(probe))
        let end = probe.utf8.count
        return stream.tokens.contains { $0.range.upperBound == end && $0.isWord }
    }

    /// The tokens of the statement the cursor is in: those after the last `;`, line breaks
    /// dropped (the shell passes only an unfinished statement's lines). Nil when the text
    /// does not lex.
    static func statementTokens(_ head: String) -> TokenStream? {
        var (stream, errors) = Lexer.tokenize(SourceText(head))
        guard errors.isEmpty else { return nil }
        var statement: [Token] = []
        for token in stream.tokens {
            switch token.kind {
            case .symbol(.semicolon): statement.removeAll()
            case .newline, .end: break
            default: statement.append(token)
            }
        }
        stream.tokens = statement
        return stream
    }

    /// `ge` → `get`, `GE` → `GET`: a keyword follows the case the user started in.
    static func matchingCase(_ keyword: String, typed: String) -> String {
        let letters = typed.filter(\.isLetter)
        if !letters.isEmpty && letters.allSatisfy(\.isLowercase) { return keyword.lowercased() }
        return keyword
    }

    static func commonPrefix(_ texts: [String]) -> String {
        guard var prefix = texts.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for text in texts.dropFirst() {
            let scalars = Array(text.unicodeScalars)
            var count = 0
            while count < prefix.count && count < scalars.count && prefix[count] == scalars[count] { count += 1 }
            prefix.removeLast(prefix.count - count)
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: prefix)
        return text
    }
}
