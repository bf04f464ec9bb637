import AerospikeCore
import AerospikeSemantics
import AerospikeTestSupport
import Testing

/// The list and map steps the official client ran against a real Aerospike 8.1 server
/// (`cdt-expressions-aerospike-c.txt`), run through the `RecordEngine` in the same order on
/// one record; each step's results must be what the client printed for it
/// (`cdt-expressions-aerospike-c.results.txt`): values, result shapes and error codes.
@Suite("CDT steps of the capture, against what the client got")
struct CDTCaptureSequenceTests {
    static let results = CaptureResults.load("cdt-expressions-aerospike-c.results.txt")
    let engine = RecordEngine(now: 500_000_000, namespace: NamespaceConfig(name: "test"))
    let key = Key(namespace: "test", set: "cdt", userKey: .string("user7"))

    /// The script's calls, step by step (the bins it wrote first: l = [3, 1, 2],
    /// m = {a: 1, b: 2}, n = {x: [1, {y: 1}]}, v = 7, s = 'user7').
    static let steps: [(label: String, operations: [Operation])] = {
        func list(_ bin: String, context: [CDTContext] = [], _ operation: ListOperation) -> Operation { .cdt(.list(bin, context: context, operation)) }
        func map(_ bin: String, context: [CDTContext] = [], _ operation: MapOperation) -> Operation { .cdt(.map(bin, context: context, operation)) }
        let (a, b, x) = (Value.string("a"), Value.string("b"), Value.string("x"))
        return [
            ("put", [
                .write(Bin("l", .list([.int(3), .int(1), .int(2)]))), .write(Bin("m", .map([MapEntry(a, .int(1)), MapEntry(b, .int(2))]))),
                .write(Bin("n", .map([MapEntry(x, .list([.int(1), .map([MapEntry(.string("y"), .int(1))])]))]))),
                .write(Bin("v", .int(7))), .write(Bin("s", .string("user7"))),
            ]),
            ("list_append+size+get-1", [list("l", .append(.int(9))), list("l", .size), list("l", .get(index: -1))]),
            ("list_get_range+pop+sort", [list("l", .getRange(index: 1, count: 2)), list("l", .pop(index: 0)), list("l", .sort())]),
            ("list_insert+remove+increment", [list("l", .insert(index: 1, x)), list("l", .remove(index: 0)), list("l", .increment(index: 1, by: .int(5)))]),
            ("list_get out of range", [list("l", .get(index: 99))]),
            ("list_append_items+get_by_value+get_by_rank", [
                list("l", .appendItems([.int(4), .int(4)])), list("l", .getBy(.value(.int(4)), returning: CDTReturn(.index))),
                list("l", .getBy(.rank(0), returning: CDTReturn(.value))),
            ]),
            ("list_remove_by_value count", [list("l", .removeBy(.value(.int(4)), returning: CDTReturn(.count)))]),
            ("list_set+clear", [list("l", .set(index: 0, .string("z"))), list("l", .size), list("l", .clear), list("l", .size)]),
            ("list append add_unique twice", Array(repeating: list("l", .append(.int(1), ListPolicy(flags: .addUnique))), count: 2)),
            ("list append add_unique no_fail", [list("l", .append(.int(1), ListPolicy(flags: [.addUnique, .noFail])))]),
            ("ordered list create+append", [
                list("o", .appendItems([.int(5), .int(1), .int(3)], ListPolicy(order: .ordered))), list("o", .append(.int(2), ListPolicy(order: .ordered))),
                .read("o"),
            ]),
            ("map_put+size+get_by_key", [map("m", .put(key: .string("c"), value: .int(3))), map("m", .size), map("m", .getBy(.key(a), returning: CDTReturn(.value)))]),
            ("map_increment+remove_by_key+put_items", [
                map("m", .increment(key: a, by: .int(10))), map("m", .removeBy(.key(b), returning: CDTReturn(.value))),
                map("m", .putItems([MapEntry(.string("y"), .int(25)), MapEntry(.string("z"), .int(26))])),
            ]),
            ("map_get_by_rank-1+by_index0 key_value", [map("m", .getBy(.rank(-1), returning: CDTReturn(.keyValue))), map("m", .getBy(.index(0), returning: CDTReturn(.key)))]),
            ("map_get_by_key_range+by_value", [
                map("m", .getBy(.keyInterval(a, end: .string("z")), returning: CDTReturn(.key))), map("m", .getBy(.value(.int(26)), returning: CDTReturn(.key))),
            ]),
            ("map_put create_only existing", [map("m", .put(key: a, value: .int(0), MapPolicy(flags: .createOnly)))]),
            ("map_put update_only missing", [map("m", .put(key: .string("nope"), value: .int(0), MapPolicy(flags: .updateOnly)))]),
            ("key-ordered map put", [
                map("km", .put(key: b, value: .int(1), MapPolicy(order: .keyOrdered))), map("km", .put(key: a, value: .int(2), MapPolicy(order: .keyOrdered))),
                .read("km"),
            ]),
            ("map_clear+size", [map("m", .clear), map("m", .size)]),
            ("list op on a map bin", [list("m", .append(.int(1)))]),
            ("map op on a list bin", [map("l", .put(key: a, value: .int(1)))]),
            ("nested ctx list_append n.x", [list("n", context: [.mapKey(x)], .append(.int(2))), list("n", context: [.mapKey(x)], .size)]),
            ("nested ctx map in list n.x[1].y increment", [map("n", context: [.mapKey(x), .listIndex(1)], .increment(key: .string("y"), by: .int(5))), .read("n")]),
            ("list ops on a missing bin", [list("nosuch", .size), list("nosuch", .get(index: 0))]),
            ("get", [.readAll]),
        ]
    }()

    @Test("every step gives what the client got from the real server")
    func sequence() throws {
        var record: StoredRecord?
        for (label, operations) in Self.steps {
            let expected = try #require(CaptureResults.outcome(label, in: Self.results), "no result for \(label)")
            do {
                let outcome = try engine.apply(operations, to: record, key: key, policy: WritePolicy())
                if case .store(let stored) = outcome.change { record = stored }
                // `put` printed its status, 0.
                if label == "put" { continue }
                switch expected {
                case .error(let name, let code):
                    Issue.record("\(label): expected \(name) \(code), got \(outcome.perOperation)")
                case .value(let literal):
                    #expect(Self.shown(outcome.perOperation, operations, label) == literal.value, "\(label)")
                }
            } catch {
                guard case .error(_, let code) = expected else {
                    Issue.record("\(label): \(error)")
                    continue
                }
                #expect(error.code.rawValue == code, "\(label): \(error)")
            }
        }
    }

    /// The results as the client shows them: `operate_ordered` lists (bin, value) pairs,
    /// with a None for each operation that produced nothing when it asked the server to
    /// answer every operation (it does when a map operation is present); a KEY_VALUE map
    /// comes as a flat list of keys and values; `get` shows the bins as a dict.
    static func shown(_ perOperation: [[Bin]], _ operations: [Operation], _ label: String) -> Value {
        if operations == [.readAll] {
            return .map(perOperation.flatMap { $0 }.map { MapEntry(.string($0.name), unflagged($0.value)) })
        }
        let respondsAll = operations.contains { if case .map = $0.cdtOperation?.action { true } else { false } }
        var shown: [Value] = []
        for (operation, bins) in zip(operations, perOperation) {
            if bins.isEmpty, respondsAll, let name = operation.binName { shown.append(.list([.string(name), .nil])) }
            for bin in bins {
                var value = unflagged(bin.value)
                if case .map(let entries) = value, case .map(.getBy(_, let returning)) = operation.cdtOperation?.action, returning.type == .keyValue {
                    value = .list(entries.flatMap { [$0.key, $0.value] })
                }
                shown.append(.list([.string(bin.name), value]))
            }
        }
        return .list(shown)
    }

    /// A Python list has no ordered flag: the value as the client hands it over.
    static func unflagged(_ value: Value) -> Value {
        switch value {
        case .list(let items, _): .list(items.map(unflagged))
        case .map(let entries): .map(entries.map { MapEntry(unflagged($0.key), unflagged($0.value)) })
        default: value
        }
    }
}

extension PythonLiteral {
    /// The literal as a `Value`: tuples and lists as lists, dicts as maps, None as nil.
    var value: Value {
        switch self {
        case .none: .nil
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .float(let number): .double(number)
        case .string(let text): .string(text)
        case .list(let items), .tuple(let items): .list(items.map(\.value))
        case .dict(let pairs): .map(pairs.map { MapEntry($0.key.value, $0.value.value) })
        }
    }
}
