import AerospikeCore
import AeroshLanguage

/// Any text through the language front end: the parser (and its diagnostics), completion's
/// `Parser.expectations(after:)` on the same text's tokens, and the text as a value literal.
/// None of it may crash, hang or trip the sanitizer, whatever the bytes.
func fuzzStatements(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let source = SourceText(text)
    let result = Parser.parse(source)
    for error in result.errors.prefix(8) {
        _ = DiagnosticRenderer.render(error, in: source)
    }
    _ = result.isIncomplete

    // Completion sees a statement cut at the cursor, without line breaks: the text's
    // tokens, and those of its first line alone.
    var stream = Lexer.tokenize(source).stream
    stream.tokens.removeAll { $0.isNewline || $0.isEnd }
    _ = Parser.expectations(after: stream)
    if let firstBreak = bytes.firstIndex(of: UInt8(ascii: "\n")) {
        let firstLine = SourceText(String(decoding: bytes[..<firstBreak], as: UTF8.self))
        var lineStream = Lexer.tokenize(firstLine).stream
        lineStream.tokens.removeAll { $0.isEnd }
        _ = Parser.expectations(after: lineStream)
    }

    // Value literals: the text as a bin's value, and every value that parses is rendered
    // back as a literal, which must parse again.
    let put = Parser.parse(SourceText("PUT test.demo 'k' {v: " + text + "}"))
    for parsed in put.statements {
        guard case .put(_, let bins, _) = parsed.statement else { continue }
        for bin in bins {
            let literal = ValueLiteral.render(bin.value)
            let again = Parser.parse(SourceText("PUT test.demo 'k' {v: " + literal + "}"))
            precondition(again.errors.isEmpty, "a rendered value literal does not parse: \(literal)")
        }
    }
}
