import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import Testing

/// List and map operations through the wire client and `aerosh serve` give what the
/// embedded store gives: results per operation (the KEY_VALUE map in selection order, a
/// NULL answer as no result), the record, and the error codes.
@Suite("Wire client: list and map operations")
struct WireClientCDTTests {
    let fast = ClientPolicy(totalTimeout: .seconds(20), tendInterval: .milliseconds(50))
    let key = Key(namespace: "test", set: "cdt", userKey: .string("user7"))

    static func list(_ bin: String, context: [CDTContext] = [], _ operation: ListOperation) -> Operation { .cdt(.list(bin, context: context, operation)) }
    static func map(_ bin: String, context: [CDTContext] = [], _ operation: MapOperation) -> Operation { .cdt(.map(bin, context: context, operation)) }

    static let bins: [Bin] = [
        Bin("l", .list([.int(3), .int(1), .int(2)])),
        Bin("m", .map([MapEntry(.string("a"), .int(1)), MapEntry(.string("b"), .int(2))])),
        Bin("n", .map([MapEntry(.string("x"), .list([.int(1), .map([MapEntry(.string("y"), .int(1))])]))])),
    ]

    /// Steps that write (so a server takes them as writes), some of them failing.
    static let writingSteps: [[Operation]] = [
        [list("l", .append(.int(9))), list("l", .size), list("l", .get(index: -1))],
        [list("l", .getRange(index: 1, count: 2)), list("l", .pop(index: 0)), list("l", .sort())],
        [map("m", .put(key: .string("c"), value: .int(3))), map("m", .size), map("m", .getBy(.key(.string("a")), returning: CDTReturn(.value)))],
        [map("m", .getBy(.rankRange(0, count: nil), returning: CDTReturn(.keyValue))), map("w", .put(key: .int(1), value: .int(1)))],
        [list("l", .append(.int(1), ListPolicy(flags: .addUnique))), list("l", .append(.int(1), ListPolicy(flags: .addUnique)))],
        [list("m", .append(.int(1)))],
        [map("n", context: [.mapKey(.string("x")), .listIndex(1)], .increment(key: .string("y"), by: .int(5))), .read("n")],
        [map("m", .clear), map("m", .size), list("nosuch", .size)],
        [list("l", .removeBy(.value(.int(1)), returning: CDTReturn(.none))), .read("l")],
    ]

    /// Steps that only read: a read command carrying CDT_READ operations.
    static let readingSteps: [[Operation]] = [
        [list("l", .get(index: 99))],
        [map("m", .getBy(.rank(-1), returning: CDTReturn(.keyValue))), map("m", .getBy(.index(0), returning: CDTReturn(.key)))],
        [list("nosuch", .size), list("nosuch", .get(index: 0))],
        [list("n", context: [.mapKey(.string("x"))], .size)],
    ]

    enum Answer: Equatable {
        case results([[Bin]], bins: [Bin], generation: UInt32)
        case failure(ResultCode)
    }

    func answers(_ target: any AerospikeClient, _ steps: [[Operation]]) async throws -> [Answer] {
        try await target.put(key, bins: Self.bins, policy: WritePolicy())
        var answers: [Answer] = []
        for operations in steps {
            do {
                let result = try await target.operate(key, operations: operations, policy: WritePolicy())
                answers.append(.results(result.perOperation, bins: result.record.bins, generation: result.record.generation))
            } catch {
                answers.append(.failure(error.code))
            }
        }
        return answers
    }

    func compare(_ steps: [[Operation]]) async throws {
        let cluster = try await ClusterFixture(nodes: 1)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let local = try EmbeddedStore(path: EmbeddedStore.inMemoryPath)
        let prefix = steps == Self.readingSteps ? Self.writingSteps : []
        let remote = try await answers(client, prefix + steps)
        let embedded = try await answers(local, prefix + steps)
        for (index, (wire, store)) in zip(remote, embedded).enumerated() {
            #expect(wire == store, "step \(index): \((prefix + steps)[index])")
        }
        await client.close()
        try await cluster.stop()
    }

    @Test("operations that write give the embedded store's results")
    func writing() async throws {
        try await compare(Self.writingSteps)
    }

    /// Needs `WireRequest(_:)` to take a read command carrying CDT_READ operations as an
    /// operate without writes (the official clients send such commands too).
    @Test("operations that only read give the embedded store's results")
    func reading() async throws {
        try await compare(Self.readingSteps)
    }

    @Test("a batch of list operations gives the embedded store's results")
    func batch() async throws {
        let cluster = try await ClusterFixture(nodes: 2)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let local = try EmbeddedStore(path: EmbeddedStore.inMemoryPath)
        let keys = (0..<4).map { Key(namespace: "test", set: "cdt", userKey: .int(Int64($0))) }
        let operations = [Self.list("l", .append(.int(9))), Self.list("l", .size), Self.map("m", .size)]
        var outcomes: [[String]] = []
        for target in [client as any AerospikeClient, local] {
            try await target.put(keys[0], bins: Self.bins, policy: WritePolicy())
            let records = try await target.batchOperate(keys, operations: operations, policy: WritePolicy())
            // Generation and bins; not the TTL, which the wire client counts from its own
            // clock and may read a second lower.
            outcomes.append(records.map { entry in
                guard case .record(let record) = entry.outcome else { return "\(entry.outcome)" }
                return "generation \(record.metadata.generation): \(record.bins)"
            })
        }
        #expect(outcomes[0] == outcomes[1])
        await client.close()
        try await cluster.stop()
    }
}
