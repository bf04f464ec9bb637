import AerospikeCore
import AerospikeSemantics
import Testing

@Suite("Record engine: what a real server stores")
struct RecordEngineTests {
    let engine = RecordEngine(now: 500_000_000, namespace: NamespaceConfig(name: "test"))
    let key = Key(namespace: "test", set: "demo", userKey: .string("k"))

    private func write(_ bins: [Bin], to record: StoredRecord?, policy: WritePolicy = WritePolicy()) throws(AerospikeError) -> StoredRecord? {
        let outcome = try engine.apply(bins.map { .write($0) }, to: record, key: key, policy: policy)
        switch outcome.change {
        case .store(let stored): return stored
        case .delete: return nil
        case .none: return record
        }
    }

    /// A real 8.1 server: after PUT {c, f}, INCREMENT newbin, PUT {x15} and removing c, the
    /// bins read x15, f, newbin (the last bin takes the removed one's place).
    @Test("a removed bin's place goes to the last bin, as on a server")
    func binOrderAfterRemoval() throws {
        var record = try write([Bin("c", .int(1)), Bin("f", .int(2))], to: nil)
        record = try engine.apply([.add(Bin("newbin", .int(1)))], to: record, key: key, policy: WritePolicy()).storedRecord
        record = try write([Bin("x15", .int(3))], to: record)
        record = try write([Bin("c", .nil)], to: record)
        #expect(record?.bins.map(\.name) == ["x15", "f", "newbin"])
        // Removing the last bin itself, and writing afresh, keep the written order.
        record = try write([Bin("newbin", .nil)], to: record)
        #expect(record?.bins.map(\.name) == ["x15", "f"])
        #expect(try write([Bin("z", .int(1)), Bin("a", .int(1)), Bin("m", .int(1))], to: nil)?.bins.map(\.name) == ["z", "a", "m"])
    }

    @Test("a written map is stored key-ordered")
    func mapsStoredKeyOrdered() throws {
        let record = try write([Bin("m", .map([MapEntry(.string("z"), .int(1)), MapEntry(.string("a"), .int(2)), MapEntry(.int(3), .string("n"))]))], to: nil)
        #expect(record?.bins.first?.value == .map([MapEntry(.int(3), .string("n")), MapEntry(.string("a"), .int(2)), MapEntry(.string("z"), .int(1))]))
    }

    @Test("a float or list map key is refused as a server refuses it", arguments: [Value.double(1.5), .list([.int(1)])])
    func badMapKey(_ bad: Value) {
        #expect(throws: AerospikeError.self) { try write([Bin("m", .map([MapEntry(bad, .int(1))]))], to: nil) }
        do {
            _ = try write([Bin("m", .list([.map([MapEntry(bad, .int(1))])]))], to: nil)
            Issue.record("accepted a \(bad.typeName) map key")
        } catch {
            #expect(error.code == .serverError)
        }
    }

    /// A real 8.1 server with the default 1 MiB max-record-size: one string bin of
    /// 1,048,476 bytes is accepted, one of 1,048,536 bytes gets RECORD_TOO_BIG (13).
    @Test("the record size limit, on both sides of it")
    func recordSizeLimit() throws {
        #expect(try write([Bin("s", .string(String(repeating: "x", count: 1_048_476)))], to: nil) != nil)
        do {
            _ = try write([Bin("s", .string(String(repeating: "x", count: 1_048_536)))], to: nil)
            Issue.record("a 1,048,536-byte string was accepted")
        } catch {
            #expect(error.code == .recordTooBig)
        }
        // The exact edge: the flat form plus its end mark at the limit is taken, a byte more is not.
        let overhead = RecordSize.checked(setName: "demo", storedKey: nil, expires: true, bins: [Bin("s", .string(""))])
        let largest = NamespaceConfig.standardMaxRecordSize - overhead
        #expect(try write([Bin("s", .string(String(repeating: "x", count: largest)))], to: nil) != nil)
        #expect(throws: AerospikeError.self) { try write([Bin("s", .string(String(repeating: "x", count: largest + 1)))], to: nil) }
    }

    @Test("the limit is the namespace's, and an existing record's other bins count")
    func recordSizeCountsEveryBin() throws {
        let small = RecordEngine(now: 500_000_000, namespace: NamespaceConfig(name: "test", maxRecordSize: 200))
        let first = try small.apply([.write(Bin("a", .string(String(repeating: "x", count: 100))))], to: nil, key: key, policy: WritePolicy()).storedRecord
        #expect(first != nil)
        #expect(throws: AerospikeError.self) {
            try small.apply([.write(Bin("b", .string(String(repeating: "y", count: 100))))], to: first, key: key, policy: WritePolicy())
        }
    }

    /// A list operation that puts a deep value inside another must not store a record
    /// nested past what the msgpack reader accepts: it could never be read again.
    @Test("a list or map operation may not nest a bin past the readable depth")
    func nestingPastTheLimitIsRefused() throws {
        func nested(_ levels: Int) -> Value {
            var value = Value.list([])
            for _ in 1..<levels { value = .list([value]) }
            return value
        }
        let deepest = try #require(try write([Bin("v", .list([nested(99)]))], to: nil))
        let append = { (value: Value) throws(AerospikeError) in
            try engine.apply([.cdt(.list("v", context: [.listIndex(0)], .append(value)))], to: deepest, key: key, policy: WritePolicy())
        }
        // v's element 0 is a list two levels down: a value of 98 levels appended to it
        // reaches 100, one of 99 would reach 101.
        guard case .store = try append(nested(98)).change else {
            Issue.record("a bin nested 100 levels deep was not stored")
            return
        }
        do {
            _ = try append(nested(99))
            Issue.record("a bin nested 101 levels deep was stored")
        } catch {
            #expect(error.code == .parameterError)
            #expect(error.message?.contains("more than 100 levels deep") == true, "\(error)")
        }
    }

    @Test("flat sizes of each particle type")
    func particleSizes() {
        // header 35 + end mark 4 + bin count 1, then name (1 + 1) and particle.
        func size(_ value: Value) -> Int { RecordSize.checked(setName: nil, storedKey: nil, expires: false, bins: [Bin("b", value)]) - 42 }
        #expect(size(.int(0)) == 3)
        #expect(size(.int(256)) == 4)
        #expect(size(.int(65_536)) == 6)
        #expect(size(.int(1 << 32)) == 10)
        #expect(size(.int(-1)) == 10)
        #expect(size(.double(1)) == 9)
        #expect(size(.bool(true)) == 2)
        #expect(size(.string("abc")) == 8)
        #expect(size(.bytes([1, 2])) == 7)
        #expect(size(.list([.int(1), .string("ab")])) == 5 + 1 + 1 + 4)
        // A stored key: varint length, type byte and key; a set: length byte and name; a TTL: 4.
        #expect(RecordSize.checked(setName: "demo", storedKey: .string("k1"), expires: true, bins: []) == 35 + 4 + 4 + 5 + 4)
    }
}

extension RecordEngine.Outcome {
    /// The record as stored after the outcome (nil once deleted); a read leaves nothing to say.
    var storedRecord: StoredRecord? {
        if case .store(let record) = change { return record }
        return nil
    }
}
