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

    public init(executor: Executor, renderer: any ResultRenderer, continueOnError: Bool = false, showFooters: Bool = true, summarizesFailures: Bool = true) {
        self.executor = executor
        self.renderer = renderer
        self.continueOnError = continueOnError
        self.showFooters = showFooters
        self.summarizesFailures = summarizesFailures
    }

    public mutating func run(_ source: SourceText, output: inout some OutputSink, errors: inout some OutputSink) async -> ExitStatus {
        let parsed = Parser.parse(source)
        guard parsed.errors.isEmpty else {
            for error in parsed.errors {
                errors.write(DiagnosticRenderer.render(error, in: source))
            }
            let count = parsed.errors.count
            errors.write("\(count) syntax error\(count == 1 ? "" : "s"); nothing was executed\n")
            errors.flush()
            return .usage
        }
        var failedLines: [Int] = []
        for statement in parsed.statements {
            if Task.isCancelled {
                errors.write(ErrorReport.cancelled(statement, in: source))
                errors.flush()
                return .statementFailed
            }
            let started = ContinuousClock.now
            do {
                let result = try await executor.execute(statement.statement)
                renderer.render(result, elapsed: ContinuousClock.now - started, showFooter: showFooters, to: &output)
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
        if !failedLines.isEmpty {
            guard summarizesFailures else { return .statementFailed }
            let lines = failedLines.map(String.init).joined(separator: ", ")
            errors.write("\(failedLines.count) of \(parsed.statements.count) statements failed (line\(failedLines.count == 1 ? "" : "s") \(lines))\n")
            errors.flush()
            return .statementFailed
        }
        return .success
    }
}
