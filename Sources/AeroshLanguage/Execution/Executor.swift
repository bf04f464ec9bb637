import AerospikeCore

/// Maps statements onto the client core. It knows nothing of output: renderers turn the
/// rows it hands on into text.
///
/// Every statement that reaches the client yields rows the same way — `kind(of:)` says
/// what they are before it runs, `run(_:receive:)` hands them on as they come (a batch's
/// as the client delivers them, a single-record statement's one row) — so the runner and
/// every renderer have one path, whatever the statement.
public struct Executor: Sendable {
    public let client: any AerospikeClient
    public var defaults: SessionDefaults

    public init(client: any AerospikeClient, defaults: SessionDefaults = SessionDefaults()) {
        self.client = client
        self.defaults = defaults
    }

    /// The kind of rows `statement` yields; nil for the session's own statements (SET,
    /// SHOW SETTINGS, RUN, HELP, QUIT, CONNECT), which the runner carries out itself.
    public func kind(of statement: Statement) -> ResultKind? {
        switch statement {
        case .put, .increment, .append, .prepend, .removeBins, .touch: .written
        case .get: .record
        case .exists: .exists
        case .remove: .removed
        case .operate(_, _, let ordered, _): ordered ? .ordered : .record
        case .batchRead(_, let bins, _): .batch(bins == .none ? .exists : .read)
        case .batchOperate: .batch(.operate)
        case .batchRemove: .batch(.remove)
        case .batchPut: .batch(.put)
        case .scan: .scan
        case .count: .count
        case .info: .info
        case .show(let target): .listing(columns: Executor.columns(of: target))
        case .explain: .listing(columns: Executor.explainColumns)
        case .explainQuery: .listing(columns: Executor.explainQueryColumns)
        case .createIndex, .dropIndex, .truncate: .done
        case .set, .showSettings, .run, .help, .quit, .connect: nil
        }
    }

    /// Runs the statement, handing each row to `receive` as soon as it is known, and a
    /// scan's headway to `progress` as it goes (for a progress line).
    public func run(
        _ statement: Statement, progress: (ScanProgress) -> Void = { _ in }, receive: (ResultRow) -> Void
    ) async throws(AerospikeError) {
        if let command = recordCommand(for: statement) {
            let outcome: Result<RecordOutcome, AerospikeError>
            do {
                outcome = .success(try await client.run(command))
            } catch {
                outcome = .failure(error)
            }
            for row in try rows(for: statement, key: command.key, outcome) { receive(row) }
            return
        }
        try await perform(statement, progress: progress, receive: receive)
    }

    private func perform(
        _ statement: Statement, progress: (ScanProgress) -> Void, receive: (ResultRow) -> Void
    ) async throws(AerospikeError) {
        switch statement {
        case .put, .get, .exists, .increment, .append, .prepend, .remove, .removeBins, .touch, .operate:
            preconditionFailure("single-record statements run as record commands")
        case .batchRead(let keys, let bins, let options):
            try await client.batch(.read(keys.expanded(), bins, defaults.readPolicy(options))) { receive(.batch($0)) }
        case .batchOperate(let keys, let operations, let options):
            try await client.batch(.operate(keys.expanded(), operations, defaults.writePolicy(options))) { receive(.batch($0)) }
        case .batchRemove(let keys, let options):
            try await client.batch(.remove(keys.expanded(), defaults.writePolicy(options))) { receive(.batch($0)) }
        case .batchPut(let entries, let options):
            try await client.batch(.write(entries, defaults.writePolicy(options))) { receive(.batch($0)) }
        case .scan(let query):
            try await scan(query, countOnly: false, progress: progress, receive: receive)
        case .count(let query):
            try await scan(query, countOnly: true, progress: progress, receive: receive)
        case .createIndex(let index):
            try await client.createIndex(index)
            receive(.done("OK, index \(index.name) created"))
        case .dropIndex(let namespace, _, let name):
            try await client.dropIndex(namespace: namespace, name: name)
            receive(.done("OK, index \(name) dropped"))
        case .truncate(let namespace, let set, let before):
            try await client.truncate(namespace: namespace, set: set, before: before)
            let place = statement.targetDescription
            receive(.done(before.map { "OK, the records of \(place) last written before \(ISOTime.format($0)) truncated" } ?? "OK, \(place) truncated"))
        case .info(let command, let target):
            for reply in try await client.info(command, on: target) { receive(.info(reply)) }
        case .explain(let key):
            receive(.values(explain(key)))
        case .explainQuery(let query):
            receive(.values(try await explain(query)))
        case .show(let target):
            try await show(target, progress: progress, receive: receive)
        case .set, .showSettings, .run, .help, .quit, .connect:
            // Settings belong to the session running the statements (ScriptRunner).
            throw AerospikeError(.clientError, message: "settings are applied by the session, not by the client")
        }
    }

    /// Runs the statement and collects its rows.
    public func execute(_ statement: Statement) async throws(AerospikeError) -> StatementResult {
        guard let kind = kind(of: statement) else {
            throw AerospikeError(.clientError, message: "settings are applied by the session, not by the client")
        }
        var rows: [ResultRow] = []
        try await run(statement, receive: { rows.append($0) })
        return StatementResult(kind, rows)
    }
}
