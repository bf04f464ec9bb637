import AerospikeCore
import AerospikeEmbedded
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Persistence")
struct PersistenceTests {
    private func temporaryPath() -> String {
        var template = Array("/tmp/aerosh-store-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        return directory + "/store.db"
    }

    @Test func dataSurvivesReopeningAndIsSharedBetweenOpenStores() async throws {
        let path = temporaryPath()
        let first = try EmbeddedStore(path: path)
        try await first.put(key("p"), bins: [Bin("v", .string("kept"))], policy: WritePolicy(sendKey: true))
        let second = try EmbeddedStore(path: path)
        #expect(try await second.get(key("p"), bins: nil, policy: ReadPolicy())[bin: "v"] == .string("kept"))
        try await second.put(key("p"), bins: [Bin("v", .string("changed"))], policy: WritePolicy())
        #expect(try await first.get(key("p"), bins: nil, policy: ReadPolicy())[bin: "v"] == .string("changed"))
        await first.close()
        await second.close()
        let reopened = try EmbeddedStore(path: path)
        let record = try await reopened.get(key("p"), bins: nil, policy: ReadPolicy())
        #expect(record.generation == 2)
        #expect(record[bin: "v"] == .string("changed"))
        await reopened.close()
    }

    @Test func anUnwritablePathIsAClearError() async throws {
        do {
            _ = try EmbeddedStore(path: "/nonexistent-dir/x/store.db")
            Issue.record("opening should fail")
        } catch {
            #expect(error.message?.contains("/nonexistent-dir/x/store.db") == true)
        }
    }
}
