import AerospikeCore
import AerospikeEmbedded
import Testing

@Suite("Operate")
struct OperateTests {
    let seedOperations: [Operation] = [
        .write(Bin("name", .string("Bob"))),
        .add(Bin("counter", .int(1))),
        .read("counter"),
    ]

    @Test func writesProduceNoResultsAndReadsSeeEarlierWrites() async throws {
        let fixture = try await StoreFixture()
        let k = key("op")
        try await fixture.store.put(k, bins: [Bin("counter", .int(1))], policy: WritePolicy())
        let result = try await fixture.store.operate(k, operations: seedOperations, policy: WritePolicy())
        #expect(result.results == [Bin("counter", .int(2))])
        #expect(result.record.bins == [Bin("counter", .int(2))])
        #expect(result.record.generation == 2)
        let (_, ordered) = try await fixture.store.operateOrdered(k, operations: seedOperations, policy: WritePolicy())
        #expect(ordered == [Bin("counter", .int(3))])
        #expect(try await fixture.store.get(k, bins: nil, policy: ReadPolicy()).bins == [Bin("counter", .int(3)), Bin("name", .string("Bob"))])
    }

    @Test func repeatedReadsMergeLastValueWins() async throws {
        let fixture = try await StoreFixture()
        let k = key("merge")
        let result = try await fixture.store.operate(k, operations: [
            .write(Bin("a", .int(1))), .read("a"), .add(Bin("a", .int(5))), .read("a"), .readAll,
        ], policy: WritePolicy())
        #expect(result.results == [Bin("a", .int(1)), Bin("a", .int(6)), Bin("a", .int(6))])
        #expect(result.record.bins == [Bin("a", .int(6))])
    }

    @Test func aFailingOperationLeavesTheRecordUntouched() async throws {
        let fixture = try await StoreFixture()
        let k = key("atomic")
        try await fixture.store.put(k, bins: [Bin("name", .string("Alice"))], policy: WritePolicy())
        let failure = await code { () async throws(AerospikeError) in
            try await fixture.store.operate(k, operations: [.write(Bin("other", .int(1))), .add(Bin("name", .int(1)))], policy: WritePolicy())
        }
        #expect(failure == .binTypeError)
        let record = try await fixture.store.get(k, bins: nil, policy: ReadPolicy())
        #expect(record.bins == [Bin("name", .string("Alice"))])
        #expect(record.generation == 1)
    }

    @Test func readOnlyOperateOnAMissingRecordIsNotFound() async throws {
        let fixture = try await StoreFixture()
        let failure = await code { () async throws(AerospikeError) in
            try await fixture.store.operate(key("none"), operations: [.read("a")], policy: WritePolicy())
        }
        #expect(failure == .recordNotFound)
    }

    @Test func deleteThenWriteReplacesTheRecord() async throws {
        let fixture = try await StoreFixture()
        let k = key("del")
        try await fixture.store.put(k, bins: [Bin("a", .int(1)), Bin("b", .int(2))], policy: WritePolicy())
        _ = try await fixture.store.operate(k, operations: [.delete, .write(Bin("c", .int(3)))], policy: WritePolicy())
        #expect(try await fixture.store.get(k, bins: nil, policy: ReadPolicy()).bins == [Bin("c", .int(3))])
        _ = try await fixture.store.operate(k, operations: [.delete], policy: WritePolicy())
        #expect(try await fixture.store.exists(k, policy: ReadPolicy()) == nil)
    }
}
