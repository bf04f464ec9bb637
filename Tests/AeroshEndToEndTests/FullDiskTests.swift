import AerospikeTestSupport
import Foundation
import Testing

/// A store whose disk is full, embedded and under `aerosh serve`: the disk is SQLite's page
/// limit (`AEROSH_STORE_MAX_PAGES`, a test hook the store honours), so no root and no
/// small filesystem are needed, or the file-size limit the kernel enforces (`ulimit -f`). The write that does not fit fails with the code a server
/// out of space answers (AEROSPIKE_ERR_SERVER_FULL, 8), nothing is reported written that
/// was not, and the store stays readable.
@Suite("Full disk", .serialized)
struct FullDiskTests {
    /// Room for the schema and a few dozen of the records below, no more: 256 KiB of a
    /// new store's 8 KiB pages.
    static let limit = ["AEROSH_STORE_MAX_PAGES": "32"]
    static let padding = String(repeating: "x", count: 3000)

    /// `count` PUTs of about 3 KB, one a line: line n writes key 'kn' with v = n. On the
    /// embedded store they make one group, committed together.
    static func script(_ count: Int) throws -> String {
        try temporaryScript((1...count).map { "PUT test.full 'k\($0)' {v: \($0), pad: '\(padding)'}" }.joined(separator: "\n") + "\n")
    }

    /// Keys k1…k`count` reported done, by number (`--echo` puts each statement before its result).
    static func reportedDone(_ run: AeroshRun) -> Set<Int> {
        var done: Set<Int> = []
        var last: Int?
        for line in run.stdout.split(separator: "\n") {
            if line.hasPrefix("PUT test.full 'k") {
                last = Int(line.dropFirst("PUT test.full 'k".count).prefix { $0.isNumber })
            } else if line.hasPrefix("OK, 1 record affected"), let key = last {
                done.insert(key)
                last = nil
            }
        }
        return done
    }

    @Test func theEmbeddedStoreRefusesAWriteThatDoesNotFitAndStaysReadable() async throws {
        try await expectEmbeddedStoreFull(environment: Self.limit, fileSizeLimit: nil, message: "the store is full")
    }

    /// A real limit the kernel enforces: the process may not write a file past 256 KiB
    /// (`ulimit -f`). SQLite's write fails with EFBIG, which is the store being full too,
    /// and the process is not killed by SIGXFSZ.
    @Test func aFileSizeLimitIsAFullStoreAndLosesNothing() async throws {
        try await expectEmbeddedStoreFull(
            environment: [:], fileSizeLimit: 256 * 1024, message: "the store is full: the disk, or its size limit (File too large)")
    }

    /// 300 PUTs into an embedded store that fills part-way (by `environment`'s page limit
    /// or by `fileSizeLimit`): the statement that does not fit fails with exit 1 and an
    /// error that starts with `message` after its key, and what is stored is exactly what
    /// was reported done. The group that did not fit is run again a statement at a time,
    /// so the statements of it that fit are done. Without the limit the store opens
    /// cleanly and takes writes again.
    private func expectEmbeddedStoreFull(environment: [String: String], fileSizeLimit: Int?, message: String) async throws {
        let store = try StoreFile()
        try await store.setUp("PUT test.full 'k0' {v: 0}")
        let count = 300
        let script = try Self.script(count)
        let run = try await Aerosh.run(
            ["--embedded", store.path, "--echo", "-f", script], environment: environment, killAfter: .seconds(120), fileSizeLimit: fileSizeLimit)
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        let done = Self.reportedDone(run)
        #expect(done == Set((0..<done.count).map { $0 + 1 }), "\(done.sorted())")
        #expect(done.count > 5 && done.count < count, "\(done.count) reported done")
        #expect(run.stderr.hasPrefix("error: \(script): line \(done.count + 1): AEROSPIKE_ERR_SERVER_FULL (8): test.full 'k\(done.count + 1)': \(message)"), "\(run.stderr)")
        #expect(try await storedValues(store.targetArguments, set: "full").subtracting([0]) == done)
        try await store.setUp("PUT test.full 'after' {v: 1}")
    }

    @Test func serveRefusesAWriteThatDoesNotFitAndStaysReadable() async throws {
        let store = try StoreFile(.served, serverEnvironment: Self.limit)
        let count = 300
        let script = try Self.script(count)
        let run = try await Aerosh.run(store.targetArguments + ["--echo", "-f", script], killAfter: .seconds(120))
        #expect(!run.killed && run.status == 1, "status \(run.status): \(run.stderr)")
        let done = Self.reportedDone(run)
        #expect(done == Set((0..<done.count).map { $0 + 1 }), "\(done.sorted())")
        #expect(done.count > 5 && done.count < count, "\(done.count) reported done")
        // The statement that did not fit is named, with the server's code.
        #expect(run.stderr.hasPrefix("error: \(script): line \(done.count + 1): AEROSPIKE_ERR_SERVER_FULL (8): test.full 'k\(done.count + 1)'"), "\(run.stderr)")
        // Still serving, reads included, while full.
        let read = try await store.run("GET test.full 'k1' BINS v", extra: ["-o", "raw"])
        #expect(read.status == 0 && read.stdout == "1\n", "\(read.stderr)")
        store.stopServer()
        #expect(try await storedValues(["--embedded", store.path], set: "full") == done)
    }
}
