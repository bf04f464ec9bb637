import AerospikeCore
import AerospikeSemantics
import SQLiteNIO

extension EmbeddedStore {
    /// A single-record write waiting for its group: what to decide, and whom to answer.
    struct SingleWrite: Sendable {
        let key: Key
        let namespace: NamespaceConfig
        let decide: @Sendable (StoredRecord?, UInt32) throws -> (any Sendable, RecordEngine.Change)
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    /// How often a single-record write starts over when another process changed the
    /// record between its read and its write.
    static let compareAndSetAttempts = 20

    /// A single-record write: `decide` works out the result and the change from the live
    /// record. Writes that arrive together are written together (`WriteGroup`).
    func writeOne<T: Sendable>(
        _ key: Key, _ namespace: NamespaceConfig, _ decide: @escaping @Sendable (StoredRecord?, UInt32) throws -> (T, RecordEngine.Change)
    ) async throws(AerospikeError) -> T {
        do {
            try Task.checkCancellation()
            let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
                let request = SingleWrite(key: key, namespace: namespace, decide: { existing, now in
                    let (result, change) = try decide(existing, now)
                    return (result as any Sendable, change)
                }, continuation: continuation)
                writes.submit(request) { [weak self] group in
                    guard let self else {
                        for request in group { request.continuation.resume(throwing: AerospikeError(.clientError, message: "the store is closed")) }
                        return
                    }
                    await self.writeGroup(group)
                }
            }
            guard let typed = result as? T else { throw AerospikeError(.clientError, message: "a write's result was lost") }
            return typed
        } catch {
            throw EmbeddedStore.map(error)
        }
    }

    /// Writes a group: one write alone as a compare-and-set (two statements); several in
    /// one transaction, each seeing the ones before it.
    func writeGroup(_ group: [SingleWrite]) async {
        if group.count == 1, let request = group.first {
            do {
                request.continuation.resume(returning: try await compareAndSet(request.key, request.namespace, request.decide))
            } catch {
                request.continuation.resume(throwing: error)
            }
            return
        }
        do {
            let outcomes = try await database.write { db in
                try await self.applyChunk(db, group.map(\.key)) { index, existing, now in
                    try group[index].decide(existing, now)
                }
            }
            for (request, outcome) in zip(group, outcomes) { request.continuation.resume(with: outcome) }
        } catch {
            // The transaction was rolled back whole: one bad row (too big for SQLite, say)
            // must not fail the others, so each goes again on its own.
            for request in group {
                do {
                    request.continuation.resume(returning: try await compareAndSet(request.key, request.namespace, request.decide))
                } catch {
                    request.continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Reads the row, decides, then writes only if the row is still the one read
    /// (compare-and-set on generation and void time), starting over if another process
    /// got there first. Two statements where a transaction would take four.
    func compareAndSet(
        _ key: Key, _ namespace: NamespaceConfig, _ decide: (StoredRecord?, UInt32) throws -> (any Sendable, RecordEngine.Change)
    ) async throws -> any Sendable {
        for _ in 0..<EmbeddedStore.compareAndSetAttempts {
            let done: (any Sendable)? = try await database.exclusive { db in
                let now = CitrusleafTime.now(self.clock)
                let current = try await RecordTable.load(db, namespace: namespace.name, digest: key.digest)
                let (result, change) = try decide(current.flatMap { $0.isExpired(now: now) ? nil : $0 }, now)
                switch change {
                case .none:
                    return result
                case .store(let record):
                    let written = try await RecordTable.save(db, namespace: namespace.name, row: try self.row(key, record), replacing: current)
                    return written ? result : nil
                case .delete:
                    guard let current else { return result }
                    return try await RecordTable.delete(db, namespace: namespace.name, digest: key.digest, replacing: current) ? result : nil
                }
            }
            if let done { return done }
        }
        throw AerospikeError(.keyBusy, key: key, message: "the record kept changing under another process's writes")
    }
}
