import AerospikeCore
import AeroshLanguage

/// Runs a whole script (`-c`, `-f` or piped stdin): parses all of it first, so a syntax
/// error anywhere runs nothing, then executes statements in order, stopping at the first
/// failure unless told to continue.
public struct ScriptRunner {
    public var executor: Executor
    public var renderer: any ResultRenderer
    public var continueOnError: Bool
    public var showFooters: Bool

    public init(executor: Executor, renderer: any ResultRenderer, continueOnError: Bool = false, showFooters: Bool = true) {
        self.executor = executor
        self.renderer = renderer
        self.continueOnError = continueOnError
        self.showFooters = showFooters
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
            let started = ContinuousClock.now
            do {
                let result = try await executor.execute(statement.statement)
                renderer.render(result, elapsed: ContinuousClock.now - started, showFooter: showFooters, to: &output)
                output.flush()
            } catch {
                output.flush()
                errors.write(ErrorReport.render(error, statement: statement, in: source))
                errors.flush()
                failedLines.append(source.location(of: statement.range.lowerBound).line)
                if !continueOnError { return .statementFailed }
            }
        }
        if !failedLines.isEmpty {
            let lines = failedLines.map(String.init).joined(separator: ", ")
            errors.write("\(failedLines.count) of \(parsed.statements.count) statements failed (line\(failedLines.count == 1 ? "" : "s") \(lines))\n")
            errors.flush()
            return .statementFailed
        }
        return .success
    }
}
