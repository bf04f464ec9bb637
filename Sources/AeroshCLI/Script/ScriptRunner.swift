import AerospikeCore
import AeroshLanguage

/// Runs a whole script (`-c`, `-f` or piped stdin): parses all of it first, so a syntax
/// error anywhere runs nothing, then executes statements in order, stopping at the first
/// failure unless told to continue.
///
/// Run in a task that is cancelled (Ctrl-C in the interactive shell), it stops: the
/// statement in flight reports `cancelled` and the ones after it do not run.
public struct ScriptRunner: Sendable {
    public var executor: Executor
    public var renderer: any ResultRenderer
    public var continueOnError: Bool
    public var showFooters: Bool
    /// Ends a run that had failures with "N of M statements failed (lines …)"; the
    /// interactive shell, where each entry is short, turns it off.
    public var summarizesFailures: Bool
    /// How results are shown; `SET OUTPUT | META | TIMING` change it and the renderer.
    public var display: DisplaySettings
    /// Print each statement before its result (aql's `-e`).
    public var echo = false
    /// Printed after the statement list of a bare HELP (the interactive shell's keys).
    public var helpEpilogue = ""
    /// Where a running scan shows how far it has come (a terminal's standard error); nil: nowhere.
    public var progress: ProgressLine?
    /// Asks whether to go on with a TRUNCATE (the interactive shell, at its terminal);
    /// nil: a script, where it just runs.
    public var confirmation: (@Sendable (String) async -> Bool)?
    /// Whether TRUNCATE asks first, where there is someone to ask (`SET CONFIRM`, `--yes`).
    public var confirmsTruncate = true
    /// How many single-record statements may be in flight at once (`SET CONCURRENCY`,
    /// `--concurrency`); each key's statements still run in script order.
    public var concurrency = 1
    /// SHOW SETTINGS's rows whose value a configuration file set, with the file as shown
    /// ("~/.config/aerosh/config.toml"); SET takes a row out.
    var settingOrigins: [String: String] = [:]
    /// SHOW SETTINGS's TLS row (`ON`, `ON (name NAME)`), when the cluster is reached
    /// over TLS; nil shows none.
    var tlsSummary: String?
    /// Whether single-record statements run in groups. Off at the prompt: an entry is a few
    /// statements typed by hand, each of which should show its result before the next
    /// runs (a read must not wait behind a write's lock held by another process).
    public var groupsStatements = true
    /// Single-record statements waiting to run as one group (`ScriptRunner+Groups`).
    var held: [HeldStatement] = []
    /// The most statements a group holds: one transaction's worth on the embedded store,
    /// where a bigger group writes each changed page once for more statements (50,000
    /// piped PUTs: 2.2 s in groups of 512, 1.4 s in groups of 4,096) while holding the
    /// file's write lock for about a tenth of a second.
    static let groupLimit = 4096
    /// Set once a QUIT or EXIT has run: the interactive shell then leaves.
    public private(set) var quitRequested = false
    /// Opens what CONNECT names (nil: CONNECT is refused).
    var connector: (@Sendable (ConnectTarget) async throws(AerospikeError) -> (any AerospikeClient, ShellTarget))?
    /// What the session talks to since the last CONNECT (nil: what it started with).
    private(set) var connectedTarget: ShellTarget?
    /// How many RUN files deep this run is; bounded so a file cannot run itself forever.
    private var runDepth = 0
    static let maxRunDepth = 16

    public init(
        executor: Executor, renderer: any ResultRenderer, continueOnError: Bool = false, showFooters: Bool = true,
        summarizesFailures: Bool = true, display: DisplaySettings = DisplaySettings()
    ) {
        self.executor = executor
        self.renderer = renderer
        self.display = display
        self.continueOnError = continueOnError
        self.showFooters = showFooters
        self.summarizesFailures = summarizesFailures
    }

    /// Runs a whole text (`-c`, a RUN file, an entry at the prompt): parses all of it
    /// first, so a syntax error anywhere runs nothing.
    public mutating func run(_ source: SourceText, output: inout some OutputSink, errors: inout some OutputSink) async -> ExitStatus {
        let parsed = Parser.parse(source)
        guard parsed.errors.isEmpty else {
            return reportSyntaxErrors(parsed.errors, in: source, ran: "nothing was executed", errors: &errors)
        }
        var failedLines: [Int] = []
        if let stop = await runStatements(parsed.statements, in: source, failedLines: &failedLines, output: &output, errors: &errors) {
            return stop
        }
        return finish(failedLines: failedLines, statements: parsed.statements.count, errors: &errors)
    }

    /// Runs a script as it is read (`-f`, standard input): each statement runs once it is
    /// whole, so a pipe's first result comes before its producer has written the next
    /// statement, and memory holds one statement at a time however long the script. A
    /// syntax error stops the run there: the statements before it ran, none after it.
    mutating func runStream(_ lines: inout LineStream, name: String?, output: inout some OutputSink, errors: inout some OutputSink) async -> ExitStatus {
        var failedLines: [Int] = []
        var count = 0
        var pending = ""
        var pendingLine = 1
        var nextLine = 1
        while !quitRequested {
            // Held statements run before waiting for input that is not there yet: a
            // producer that writes a statement and waits gets its result at once.
            if !held.isEmpty, !lines.hasWaitingInput(),
               let stop = await runHeld(failedLines: &failedLines, output: &output, errors: &errors) {
                return stop
            }
            let line: String?
            do {
                line = try lines.nextLine()
            } catch {
                if let stop = await runHeld(failedLines: &failedLines, output: &output, errors: &errors) { return stop }
                errors.write("error: \(error.message)\n")
                errors.flush()
                return .usage
            }
            if let line {
                pending += line
                nextLine += 1
            }
            // Blank lines and comments between statements are skipped, not kept.
            let source = SourceText(pending, name: name, firstLine: pendingLine)
            let parsed = Parser.parse(source)
            if parsed.isIncomplete && line != nil { continue }
            if let firstError = parsed.errors.first {
                // What came before the error runs, and only that.
                if let stop = await runHeld(failedLines: &failedLines, output: &output, errors: &errors) { return stop }
                let line = source.location(of: firstError.offset).line
                let ran = count == 0 ? "nothing was executed" : "the \(count) statement\(count == 1 ? "" : "s") before line \(line) ran"
                return reportSyntaxErrors(parsed.errors, in: source, ran: ran, errors: &errors)
            }
            count += parsed.statements.count
            if let stop = await runStatements(
                parsed.statements, in: source, failedLines: &failedLines, output: &output, errors: &errors, moreComing: line != nil) {
                return stop
            }
            pending = ""
            pendingLine = nextLine
            if line == nil { break }
        }
        return finish(failedLines: failedLines, statements: count, errors: &errors)
    }

    /// Each error with its line and caret, then "N syntax errors; " and what ran.
    private func reportSyntaxErrors(_ syntaxErrors: [SyntaxError], in source: SourceText, ran: String, errors: inout some OutputSink) -> ExitStatus {
        for error in syntaxErrors {
            errors.write(DiagnosticRenderer.render(error, in: source))
        }
        errors.write("\(syntaxErrors.count) syntax error\(syntaxErrors.count == 1 ? "" : "s"); \(ran)\n")
        errors.flush()
        return .usage
    }

    /// "N of M statements failed (lines …)" when some did.
    private func finish(failedLines: [Int], statements: Int, errors: inout some OutputSink) -> ExitStatus {
        guard !failedLines.isEmpty else { return .success }
        guard summarizesFailures else { return .statementFailed }
        let lines = failedLines.map(String.init).joined(separator: ", ")
        errors.write("\(failedLines.count) of \(statements) statements failed (line\(failedLines.count == 1 ? "" : "s") \(lines))\n")
        errors.flush()
        return .statementFailed
    }

    /// Runs parsed statements in order; a status when the run must stop (a failure
    /// without ON ERROR CONTINUE, a cancel), nil when it goes on.
    /// Consecutive single-record statements are held and run as one group (`runHeld`):
    /// when another kind of statement comes, when the group is full, and at the end of
    /// `statements` unless `moreComing`.
    private mutating func runStatements(
        _ statements: [ParsedStatement], in source: SourceText, failedLines: inout [Int],
        output: inout some OutputSink, errors: inout some OutputSink, moreComing: Bool = false
    ) async -> ExitStatus? {
        for statement in statements {
            // After a QUIT nothing more of this script runs.
            if quitRequested { break }
            if groupsStatements, statement.statement.isSingleRecord {
                held.append(HeldStatement(parsed: statement, source: source))
                if held.count >= ScriptRunner.groupLimit,
                   let stop = await runHeld(failedLines: &failedLines, output: &output, errors: &errors) {
                    return stop
                }
                continue
            }
            if let stop = await runHeld(failedLines: &failedLines, output: &output, errors: &errors) { return stop }
            if Task.isCancelled {
                errors.write(ErrorReport.cancelled(statement, in: source))
                errors.flush()
                return .statementFailed
            }
            switch statement.statement {
            case .set(let setting):
                apply(setting)
                continue
            case .showSettings:
                output.write(settingsText())
                output.flush()
                continue
            case .help(let topic):
                output.write(StatementHelp.text(topic: topic) + (topic == nil ? helpEpilogue : ""))
                output.flush()
                continue
            case .quit:
                quitRequested = true
                continue
            case .connect(let target):
                if await connect(target, from: statement, in: source, output: &output, errors: &errors) != .success {
                    failedLines.append(source.location(of: statement.range.lowerBound).line)
                    if !continueOnError { return .statementFailed }
                }
                continue
            case .run(let path):
                if await runFile(path, from: statement, in: source, output: &output, errors: &errors) != .success {
                    failedLines.append(source.location(of: statement.range.lowerBound).line)
                    if !continueOnError { return .statementFailed }
                }
                continue
            default:
                break
            }
            if echo {
                output.write(source.slice(statement.range) + "\n")
            }
            if case .truncate = statement.statement, confirmsTruncate, let confirmation {
                output.flush()
                guard await confirmation(ScriptRunner.truncateQuestion(statement.statement)) else {
                    output.write("Nothing was truncated.\n")
                    output.flush()
                    continue
                }
            }
            let started = ContinuousClock.now
            do {
                try await stream(statement.statement, started: started, output: &output, errors: &errors)
                output.flush()
            } catch {
                output.flush()
                if Task.isCancelled {
                    // The store's own error is only the echo of the cancellation.
                    errors.write(ErrorReport.cancelled(statement, in: source))
                    errors.flush()
                    return .statementFailed
                }
                errors.write(ErrorReport.render(error, statement: statement, in: source))
                errors.flush()
                failedLines.append(source.location(of: statement.range.lowerBound).line)
                if !continueOnError { return .statementFailed }
            }
        }
        if !moreComing { return await runHeld(failedLines: &failedLines, output: &output, errors: &errors) }
        return nil
    }

    /// The statement's rows go to the renderer as the client hands them on, and out at
    /// once when the format allows; one path for every statement (a single-record one has
    /// one row). If it fails part-way, the rows already received are still shown (without
    /// a footer) before the error. While a scan runs, its progress line (when there is a
    /// terminal for it) is redrawn when due, and erased before its rows, footer or error.
    private mutating func stream(
        _ statement: Statement, started: ContinuousClock.Instant, output: inout some OutputSink, errors: inout some OutputSink
    ) async throws(AerospikeError) {
        guard let kind = executor.kind(of: statement) else { return }
        var renderer = self.renderer
        defer { self.renderer = renderer }
        var summary = ResultSummary()
        var lastFlush = started
        let meter = progress.map { ProgressMeter($0, place: statement.targetDescription, started: started) }
        var sink = ProgressAwareSink(base: output, meter: meter)
        defer { output = sink.base }
        renderer.begin(kind, to: &sink)
        do {
            try await onClientThread(sequential: statement.isSingleRecord) { () async throws(AerospikeError) in
                try await executor.run(statement, progress: { headway in
                    guard let meter else { return }
                    let now = ContinuousClock.now
                    guard meter.isDue(now) else { return }
                    // The rows so far go out before the line is drawn beneath them.
                    sink.flush()
                    lastFlush = now
                    meter.draw(headway, now: now)
                }, receive: { row in
                    summary.count(row)
                    renderer.row(row, to: &sink)
                    // Rows reach a reader (a terminal, `jq`) within a tenth of a second, not
                    // only when the buffer fills or the statement ends.
                    let now = ContinuousClock.now
                    if now - lastFlush > .milliseconds(100) {
                        sink.flush()
                        lastFlush = now
                    }
                })
            }
        } catch {
            meter?.erase()
            renderer.end(summary, elapsed: ContinuousClock.now - started, showFooter: false, to: &sink)
            throw error
        }
        meter?.erase()
        let notes = renderer.end(summary, elapsed: ContinuousClock.now - started, showFooter: showFooters, to: &sink)
        if !notes.isEmpty {
            sink.flush()
            for note in notes { errors.write(note + "\n") }
            errors.flush()
        }
    }

    /// Runs a statement's (or a group's) client work where the client prefers: a wire
    /// client's event loop thread, so each request is written and its reply resumes the
    /// statement on one thread, with no crossing (`AerospikeClient.preferredTaskExecutor`);
    /// work that makes one call at a time (`sequential`: a single-record statement, a
    /// group at CONCURRENCY 1) as the client runs such calls cheapest, which for a wire
    /// client is on this very thread, reading and writing its sockets itself
    /// (`AerospikeClient.runSequentially`). Only the client's work: reading the script's
    /// input and CONNECT, which closes the client and its event loop, run outside.
    func onClientThread<T, Failure: Error>(sequential: Bool, _ work: () async throws(Failure) -> T) async throws(Failure) -> T {
        if sequential { return try await executor.client.runSequentially(work) }
        return try await withTaskExecutorPreference(executor.client.preferredTaskExecutor, operation: work)
    }

    /// What TRUNCATE asks at the prompt before it runs.
    static func truncateQuestion(_ statement: Statement) -> String {
        guard case .truncate(_, _, let before) = statement else { return "Go on? [y/N] " }
        let which = before.map { "every record of \(statement.targetDescription) last written before \(ISOTime.format($0))" }
            ?? "every record of \(statement.targetDescription)"
        return "TRUNCATE removes \(which). Go on? [y/N] "
    }

    /// CONNECT: the statements after it go to the new target, with this session's settings;
    /// the old client is closed. A target that cannot be reached leaves the session where
    /// it was.
    private mutating func connect(
        _ target: ConnectTarget, from statement: ParsedStatement, in source: SourceText,
        output: inout some OutputSink, errors: inout some OutputSink
    ) async -> ExitStatus {
        let place = ErrorReport.place(of: statement, in: source)
        guard let connector else {
            errors.write("error: \(place): CONNECT is not available here\n")
            errors.flush()
            return .statementFailed
        }
        do {
            let (client, shellTarget) = try await connector(target)
            let previous = executor.client
            executor = Executor(client: client, defaults: executor.defaults)
            connectedTarget = shellTarget
            await previous.close()
            if showFooters {
                output.write("Connected to \(shellTarget.description).\n")
                output.flush()
            }
            return .success
        } catch {
            errors.write("error: \(place): \(TargetOpening.describe(error))\n")
            errors.flush()
            return .statementFailed
        }
    }

    /// RUN 'file': its statements run here, with this run's settings, which they may change.
    private mutating func runFile(
        _ path: String, from statement: ParsedStatement, in source: SourceText,
        output: inout some OutputSink, errors: inout some OutputSink
    ) async -> ExitStatus {
        let place = ErrorReport.place(of: statement, in: source)
        guard runDepth < ScriptRunner.maxRunDepth else {
            errors.write("error: \(place): RUN '\(path)' nests more than \(ScriptRunner.maxRunDepth) files deep\n")
            errors.flush()
            return .statementFailed
        }
        let text: String
        do {
            text = try InputReader.readFile(path)
        } catch {
            errors.write("error: \(place): \(error.message)\n")
            errors.flush()
            return .statementFailed
        }
        runDepth += 1
        let summarizes = summarizesFailures
        summarizesFailures = false
        let status = await run(SourceText(text, name: path), output: &output, errors: &errors)
        summarizesFailures = summarizes
        runDepth -= 1
        // A QUIT in the file ends that file only (an aql script ending in `exit;` must not
        // end the session that RUN it).
        quitRequested = false
        return status
    }
}
