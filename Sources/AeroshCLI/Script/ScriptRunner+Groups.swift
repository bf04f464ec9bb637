import AerospikeCore
import AeroshLanguage

/// A single-record statement waiting for its group, with the text it came from (for its
/// echo and its error's line).
struct HeldStatement: Sendable {
    var parsed: ParsedStatement
    var source: SourceText
}

/// Runs of single-record statements go to the client as one group (`Executor.runGroup`):
/// the embedded store commits a group's writes in one transaction and shows their results
/// once it is committed; a wire client keeps `concurrency` statements in flight. Results
/// are shown in script order, each as its statement alone would show it.
///
/// ON ERROR STOP in a group: on the embedded store, and with CONCURRENCY 1, nothing after
/// the failing statement runs. With CONCURRENCY above 1, statements after it that had
/// already been sent still finish: their results are shown, and a note says how many.
extension ScriptRunner {
    /// Runs the held statements; a status when the run must stop, nil when it goes on.
    mutating func runHeld(
        failedLines: inout [Int], output: inout some OutputSink, errors: inout some OutputSink
    ) async -> ExitStatus? {
        guard !held.isEmpty else { return nil }
        let group = held
        held = []
        if Task.isCancelled {
            errors.write(ErrorReport.cancelled(group[0].parsed, in: group[0].source))
            errors.flush()
            return .statementFailed
        }
        let executor = self.executor
        let stopsAtFailure = !continueOnError
        let policy = CommandGroupPolicy(concurrency: concurrency, stopAtFailure: stopsAtFailure)
        var renderer = self.renderer
        var delivered = 0
        var firstFailure: Int?
        var cancelled = false
        var last = ContinuousClock.now
        var lastFlush = last
        do {
            try await onClientThread(sequential: policy.concurrency == 1) { () async throws(AerospikeError) in
                try await executor.runGroup(group.map(\.parsed.statement), policy: policy) { index, outcome in
                    delivered = index + 1
                    guard !cancelled else { return }
                    let held = group[index]
                    let now = ContinuousClock.now
                    // A grouped statement's time is the time since the result before it.
                    let elapsed = now - last
                    last = now
                    switch outcome {
                    case .success(let rows):
                        show(held, rows: rows, elapsed: elapsed, renderer: &renderer, output: &output, errors: &errors)
                    case .failure(let error) where Task.isCancelled && error.code == .clientAbort:
                        output.flush()
                        errors.write(ErrorReport.cancelled(held.parsed, in: held.source))
                        errors.flush()
                        cancelled = true
                        return
                    case .failure(let error):
                        if echo { output.write(held.source.slice(held.parsed.range) + "\n") }
                        output.flush()
                        errors.write(ErrorReport.render(error, statement: held.parsed, in: held.source))
                        errors.flush()
                        failedLines.append(held.source.location(of: held.parsed.range.lowerBound).line)
                        if stopsAtFailure && firstFailure == nil { firstFailure = index }
                    }
                    if now - lastFlush > .milliseconds(100) {
                        output.flush()
                        lastFlush = now
                    }
                }
            }
        } catch {
            // The group as a whole failed (a cancel, the file itself): nothing from
            // `delivered` on took effect.
            self.renderer = renderer
            output.flush()
            let first = group[min(delivered, group.count - 1)]
            if Task.isCancelled {
                errors.write(ErrorReport.cancelled(first.parsed, in: first.source))
                errors.flush()
                return .statementFailed
            }
            errors.write(ErrorReport.render(error, statement: first.parsed, in: first.source))
            let unrun = group[(delivered + 1)...]
            for statement in [first] + unrun {
                failedLines.append(statement.source.location(of: statement.parsed.range.lowerBound).line)
            }
            if let next = unrun.first {
                errors.write("error: \(ErrorReport.place(of: next.parsed, in: next.source)): did not run, nor the \(unrun.count - 1) statement(s) after it in its group: \(error.code.name) (\(error.code.rawValue))\n")
            }
            errors.flush()
            return stopsAtFailure ? .statementFailed : nil
        }
        self.renderer = renderer
        output.flush()
        if cancelled { return .statementFailed }
        if let firstFailure {
            let ranAfter = delivered - firstFailure - 1
            if ranAfter > 0 {
                let failing = group[firstFailure]
                errors.write("note: the \(ranAfter) statement\(ranAfter == 1 ? "" : "s") after \(ErrorReport.place(of: failing.parsed, in: failing.source)) had already been sent (CONCURRENCY \(concurrency)) and ran; their results are shown above\n")
                errors.flush()
            }
            return .statementFailed
        }
        return nil
    }

    /// One statement's echo, rows and footer, as it would show alone.
    private func show(
        _ held: HeldStatement, rows: [ResultRow], elapsed: Duration, renderer: inout any ResultRenderer,
        output: inout some OutputSink, errors: inout some OutputSink
    ) {
        if echo { output.write(held.source.slice(held.parsed.range) + "\n") }
        guard let kind = executor.kind(of: held.parsed.statement) else { return }
        var summary = ResultSummary()
        renderer.begin(kind, to: &output)
        for row in rows {
            summary.count(row)
            renderer.row(row, to: &output)
        }
        let notes = renderer.end(summary, elapsed: elapsed, showFooter: showFooters, to: &output)
        if !notes.isEmpty {
            output.flush()
            for note in notes { errors.write(note + "\n") }
            errors.flush()
        }
    }
}
