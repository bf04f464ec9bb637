import AerospikeCore
import AerospikeEmbedded
import AeroshLanguage

/// The interactive shell: a prompt with line editing, history across sessions, Tab
/// completion, HELP, and Ctrl-C that never ends the session.
///
/// An entry runs once the parser no longer calls it unfinished, so a map typed over three
/// lines runs once, and is remembered as one history entry. A failing statement reports
/// on standard error and the session goes on.
struct InteractiveShell {
    var prompt: ShellPrompt
    /// Nil with `--no-history`, or when no folder for it can be found.
    let historyFile: HistoryFile?
    /// Reads the target's names for completion; called at start, after writes and after
    /// CONNECT.
    let readNames: @Sendable (any AerospikeClient) async -> CompletionNames?
    /// Errors in red (a colour terminal, no NO_COLOR).
    var redErrors = false

    /// Runs until QUIT, EXIT or Ctrl-D; returns the status and the runner as it ended (its
    /// client is the caller's to close).
    func run(_ runner: ScriptRunner) async -> (ExitStatus, ScriptRunner) {
        var prompt = prompt
        var output = FileDescriptorSink.standardOutput()
        var errors = FileDescriptorSink.standardError()
        var names = CompletionNames()
        if let found = await readNames(runner.executor.client) { names.merge(found) }
        guard let editor = LineEditor(programName: "aerosh", completer: Completer(names: names)) else {
            errors.write("error: cannot start line editing on this terminal\n")
            errors.flush()
            return (.usage, runner)
        }
        var session = Session(editor: editor, file: historyFile)
        var runner = runner
        runner.continueOnError = true
        runner.summarizesFailures = false
        runner.confirmation = { question in await TerminalConfirmation.ask(question) }
        runner.helpEpilogue = """
            QUIT, EXIT or Ctrl-D leaves. Tab completes keywords and names; Up, Down and Ctrl-R
            search the history; Ctrl-C clears the line or cancels a running statement.

            """
        // At the prompt each statement of an entry runs and shows its result before the next.
        runner.groupsStatements = false
        let interrupts = InterruptWatch()
        defer { interrupts.stop() }

        output.write(prompt.welcome)
        output.flush()
        var pending = ""
        while true {
            editor.context = pending.isEmpty ? "" : pending + "\n"
            let line: String
            switch editor.read(prompt: prompt.text(continuing: !pending.isEmpty)) {
            case .end:
                output.write("\n")
                output.flush()
                return (.success, runner)
            case .interrupted:
                pending = ""
                continue
            case .line(let text):
                line = text
            }

            if pending.isEmpty && ShellHistory.normalized(line).isEmpty { continue }
            let entry = pending.isEmpty ? line : pending + "\n" + line
            let parsed = Parser.parse(SourceText(entry))
            if parsed.isIncomplete {
                pending = entry
                continue
            }
            pending = ""
            // QUIT alone is not remembered: Up-arrow in the next session should find work.
            if parsed.errors.isEmpty, parsed.statements.map(\.statement) == [.quit] {
                return (.success, runner)
            }
            session.remember(entry, errors: &errors)

            let statementRunner = runner
            let red = redErrors
            // The runner comes back with any SET the entry made, for the entries after it.
            runner = await interrupts.run({ () async -> ScriptRunner in
                var runner = statementRunner
                var output = FileDescriptorSink.standardOutput()
                if red {
                    var errors = RedSink(base: FileDescriptorSink.standardError())
                    _ = await runner.run(SourceText(entry), output: &output, errors: &errors)
                    errors.flush()
                } else {
                    var errors = FileDescriptorSink.standardError()
                    _ = await runner.run(SourceText(entry), output: &output, errors: &errors)
                    errors.flush()
                }
                output.flush()
                return runner
            })

            for statement in parsed.statements { names.note(statement.statement) }
            if let target = runner.connectedTarget, target != prompt.target {
                prompt = ShellPrompt(target: target, template: prompt.template)
                names = CompletionNames()
            }
            if parsed.statements.contains(where: { $0.statement.writes }), let found = await readNames(runner.executor.client) {
                names.merge(found)
            }
            editor.completer = Completer(names: names)
            if runner.quitRequested { return (.success, runner) }
        }
    }

    /// The history of this session, mirrored into the editor and the file.
    private struct Session {
        let editor: LineEditor
        let file: HistoryFile?
        var history: ShellHistory
        var warnedAboutFile = false

        init(editor: LineEditor, file: HistoryFile?) {
            self.editor = editor
            self.file = file
            history = file?.load() ?? ShellHistory()
            editor.setHistory(history.entries)
        }

        mutating func remember(_ entry: String, errors: inout FileDescriptorSink) {
            guard history.record(entry) else { return }
            editor.setHistory(history.entries)
            guard let file, !file.append(entry), !warnedAboutFile else { return }
            warnedAboutFile = true
            errors.write("warning: cannot write the history file \(file.path); history is kept for this session only\n")
            errors.flush()
        }
    }
}

extension Statement {
    /// True when the statement may change the store (and so the names in it).
    var writes: Bool {
        switch self {
        case .get, .exists, .batchRead, .set, .showSettings, .help, .quit, .scan, .count, .show, .explain, .explainQuery: false
        // A new target has other names; an info command may create or drop an index.
        case .run, .connect, .info: true
        case .createIndex, .dropIndex, .truncate: true
        case .put, .increment, .append, .prepend, .remove, .removeBins, .touch, .batchRemove, .batchPut: true
        case .operate(_, let operations, _, _), .batchOperate(_, let operations, _): operations.contains(where: \.isWrite)
        }
    }
}
