import AeroshLanguage

/// A line-at-a-time prompt used when standard input is a terminal: it reads until a
/// statement is complete, then runs it. (Line editing, history and completion through
/// libedit are not built yet.)
struct BasicShell {
    let prompt: String
    let continuation = "      ...> "

    func run(runner: inout ScriptRunner, output: inout some OutputSink, errors: inout some OutputSink) async -> ExitStatus {
        output.write("aerosh \(AeroshVersion.current) — type statements ending with ';' or a new line; QUIT or Ctrl-D to leave.\n")
        runner.continueOnError = true
        var pending = ""
        while true {
            output.write(pending.isEmpty ? prompt : continuation)
            output.flush()
            guard let line = InputReader.readLine() else {
                output.write("\n")
                output.flush()
                return .success
            }
            let trimmed = line.trimmingSpaces().uppercased()
            if pending.isEmpty && (trimmed == "QUIT" || trimmed == "EXIT" || trimmed == "QUIT;" || trimmed == "EXIT;") {
                return .success
            }
            pending += pending.isEmpty ? line : "\n" + line
            let parsed = Parser.parse(SourceText(pending))
            if parsed.isIncomplete { continue }
            _ = await runner.run(SourceText(pending), output: &output, errors: &errors)
            pending = ""
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
