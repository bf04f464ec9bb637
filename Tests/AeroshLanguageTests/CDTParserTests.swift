import AerospikeCore
@testable import AeroshLanguage
import Testing

/// List and map operations spelled as calls in OPERATE and BATCH OPERATE.
@Suite("Parser: list and map operations")
struct CDTParserTests {
    func operations(_ text: String) throws -> [Operation] {
        switch try parseOne("OPERATE test.demo 'u' " + text) {
        case .operate(_, let operations, _, _): return operations
        default: Issue.record("not an OPERATE"); return []
        }
    }

    func list(_ bin: String, _ operation: ListOperation, at context: [CDTContext] = []) -> Operation { .cdt(.list(bin, context: context, operation)) }
    func map(_ bin: String, _ operation: MapOperation, at context: [CDTContext] = []) -> Operation { .cdt(.map(bin, context: context, operation)) }

    @Test func listCallsWithTheirArguments() throws {
        #expect(try operations("LIST_APPEND(l, 5), LIST_APPEND_ITEMS(l, [4, 4]), LIST_INSERT(l, -1, 'x'), LIST_SET(l, 0, 'z')") == [
            list("l", .append(.int(5))), list("l", .appendItems([.int(4), .int(4)])),
            list("l", .insert(index: -1, .string("x"))), list("l", .set(index: 0, .string("z"))),
        ])
        #expect(try operations("LIST_INCREMENT(l, 1), LIST_INCREMENT(l, 1, 2.5), LIST_GET(l, -1), LIST_GET_RANGE(l, 1), LIST_GET_RANGE(l, 1, 2)") == [
            list("l", .increment(index: 1)), list("l", .increment(index: 1, by: .double(2.5))), list("l", .get(index: -1)),
            list("l", .getRange(index: 1, count: nil)), list("l", .getRange(index: 1, count: 2)),
        ])
        #expect(try operations("LIST_POP(l, 0), LIST_POP(l, 0, 2), LIST_REMOVE(l, 3), LIST_SIZE(l), LIST_CLEAR(l), LIST_SORT(l) DESCENDING") == [
            list("l", .pop(index: 0)), list("l", .popRange(index: 0, count: 2)), list("l", .remove(index: 3)),
            list("l", .size), list("l", .clear), list("l", .sort(.descending)),
        ])
    }

    @Test func returnTypesDefaultToValueForGetsAndCountForRemoves() throws {
        #expect(try operations("LIST_GET_BY_VALUE(l, 4), LIST_GET_BY_RANK(l, 0) RETURN INDEX, LIST_REMOVE_BY_VALUE(l, 4)") == [
            list("l", .getBy(.value(.int(4)), returning: CDTReturn(.value))),
            list("l", .getBy(.rank(0), returning: CDTReturn(.index))),
            list("l", .removeBy(.value(.int(4)), returning: CDTReturn(.count))),
        ])
        #expect(try operations("LIST_GET_BY_RANK(l, -2, 2) RETURN VALUE INVERTED, LIST_GET_BY_VALUE_RANGE(l, 1, 5) RETURN COUNT") == [
            list("l", .getBy(.rankRange(-2, count: 2), returning: CDTReturn(.value, inverted: true))),
            list("l", .getBy(.valueInterval(.int(1), end: .int(5)), returning: CDTReturn(.count))),
        ])
    }

    @Test func policiesAndFlags() throws {
        #expect(try operations("LIST_APPEND(l, 1) ADD_UNIQUE NO_FAIL, LIST_APPEND_ITEMS(o, [5, 1]) ORDERED, LIST_INSERT(l, 9, 1) INSERT_BOUNDED") == [
            list("l", .append(.int(1), ListPolicy(flags: [.addUnique, .noFail]))),
            list("o", .appendItems([.int(5), .int(1)], ListPolicy(order: .ordered))),
            list("l", .insert(index: 9, .int(1), .insertBounded)),
        ])
        #expect(try operations("MAP_PUT(m, 'a', 0) CREATE_ONLY, MAP_PUT(km, 'b', 1) KEY_ORDERED, MAP_PUT_ITEMS(m, {y: 25}) UPDATE_ONLY NO_FAIL PARTIAL") == [
            map("m", .put(key: .string("a"), value: .int(0), MapPolicy(flags: .createOnly))),
            map("km", .put(key: .string("b"), value: .int(1), MapPolicy(order: .keyOrdered))),
            map("m", .putItems([MapEntry(.string("y"), .int(25))], MapPolicy(flags: [.updateOnly, .noFail, .partial]))),
        ])
    }

    @Test func mapCalls() throws {
        #expect(try operations("MAP_INCREMENT(m, 'a', 10), MAP_GET_BY_KEY(m, 'a'), MAP_GET_BY_KEY_RANGE(m, 'a', 'z') RETURN KEY") == [
            map("m", .increment(key: .string("a"), by: .int(10))),
            map("m", .getBy(.key(.string("a")), returning: CDTReturn(.value))),
            map("m", .getBy(.keyInterval(.string("a"), end: .string("z")), returning: CDTReturn(.key))),
        ])
        #expect(try operations("MAP_GET_BY_RANK(m, -1) RETURN KEY_VALUE, MAP_GET_BY_INDEX(m, 0, 2) RETURN KEY, MAP_REMOVE_BY_KEY(m, 'b') RETURN VALUE, MAP_SIZE(m), MAP_CLEAR(m)") == [
            map("m", .getBy(.rank(-1), returning: CDTReturn(.keyValue))),
            map("m", .getBy(.indexRange(0, count: 2), returning: CDTReturn(.key))),
            map("m", .removeBy(.key(.string("b")), returning: CDTReturn(.value))),
            map("m", .size), map("m", .clear),
        ])
    }

    @Test func aPathIntoTheBinIsTheContext() throws {
        #expect(try operations("LIST_APPEND(n['x'], 2), MAP_INCREMENT(n['x'][1], 'y', 5), LIST_SIZE(b[-1][x'01'][KEY 7])") == [
            list("n", .append(.int(2)), at: [.mapKey(.string("x"))]),
            map("n", .increment(key: .string("y"), by: .int(5)), at: [.mapKey(.string("x")), .listIndex(1)]),
            list("b", .size, at: [.listIndex(-1), .mapKey(.bytes([1])), .mapKey(.int(7))]),
        ])
    }

    @Test func callsMixWithOtherOperationsAndStatementOptions() throws {
        let statement = try parseOne("OPERATE ORDERED test.demo 'u' WRITE v = 1, LIST_APPEND(l, 1) ADD_UNIQUE, READ l TTL 60")
        guard case .operate(_, let operations, let ordered, let options) = statement else { Issue.record("not an OPERATE"); return }
        #expect(ordered)
        #expect(operations == [.write(Bin("v", .int(1))), list("l", .append(.int(1), ListPolicy(flags: .addUnique))), .read("l")])
        #expect(options.ttl == .seconds(60))
        guard case .batchOperate(_, let batch, _) = try parseOne("BATCH OPERATE test.demo (1..3) LIST_APPEND(l, 1), MAP_SIZE(m)") else {
            Issue.record("not a BATCH OPERATE"); return
        }
        #expect(batch == [list("l", .append(.int(1))), map("m", .size)])
    }

    @Test(arguments: [
        ("OPERATE test.demo 'k' ‸LIST_APEND(l, 1)", "unknown list or map operation 'LIST_APEND' (HELP LIST, HELP MAP); did you mean LIST_APPEND?"),
        ("OPERATE test.demo 'k' LIST_INSERT(l, ‸'x', 1)", "LIST_INSERT takes an integer index, not string"),
        ("OPERATE test.demo 'k' LIST_INSERT(l, 1‸)", "LIST_INSERT needs its value here"),
        ("OPERATE test.demo 'k' LIST_SIZE(l‸, 1)", "LIST_SIZE takes no more arguments"),
        ("OPERATE test.demo 'k' LIST_GET_RANGE(l, 0, ‸-2)", "a count cannot be negative"),
        ("OPERATE test.demo 'k' LIST_APPEND_ITEMS(l, ‸5)", "takes a list of values ([1, 2]), not integer"),
        ("OPERATE test.demo 'k' LIST_INCREMENT(l, 0, ‸'x')", "adds an integer or a float, not string"),
        ("OPERATE test.demo 'k' MAP_PUT(m, ‸1.5, 1)", "a map key must be an integer, a string or bytes, not float"),
        ("OPERATE test.demo 'k' MAP_PUT_ITEMS(m, ‸[1])", "takes a map ({k: v}), not list"),
        ("OPERATE test.demo 'k' LIST_GET_BY_VALUE(l, 1) RETURN ‸KEY", "a list has no keys: RETURN KEY is for MAP_ operations"),
        ("OPERATE test.demo 'k' MAP_GET_BY_KEY(m, 1) RETURN ‸VALEU", "unknown return type 'VALEU'"),
        ("OPERATE test.demo 'k' LIST_APPEND(l, 1) ‸RETURN COUNT", "LIST_APPEND takes no RETURN"),
        ("OPERATE test.demo 'k' LIST_GET(l, 1) ‸ADD_UNIQUE", "ADD_UNIQUE does not apply to LIST_GET"),
        ("OPERATE test.demo 'k' LIST_APPEND(l, 1) ‸ADD_UNIQE", "unknown word 'ADD_UNIQE' after LIST_APPEND(…); did you mean ADD_UNIQUE?"),
        ("OPERATE test.demo 'k' LIST_APPEND(l, 1) NO_FAIL ‸NO_FAIL", "NO_FAIL is given twice"),
        ("OPERATE test.demo 'k' MAP_PUT(m, 1, 1) CREATE_ONLY ‸UPDATE_ONLY", "CREATE_ONLY and UPDATE_ONLY exclude each other"),
        ("OPERATE test.demo 'k' LIST_SIZE(l[‸1.5])", "expected a list index (an integer) or a map key"),
        ("OPERATE test.demo 'k' LIST_SIZE(l[KEY ‸true])", "a map key must be an integer, a string or bytes, not boolean"),
        ("OPERATE test.demo 'k' LIST_SIZE(‸)", "expected a bin name"),
    ])
    func errorsPointAtTheirColumn(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset, "\(marked)")
    }

    @Test func anUnfinishedCallAsksForMore() {
        for text in ["OPERATE test.demo 'k' LIST_APPEND(l,", "OPERATE test.demo 'k' LIST_GET_BY_VALUE(l, 1) RETURN"] {
            #expect(Parser.parse(SourceText(text)).isIncomplete, "\(text)")
        }
    }

    @Test func helpListsTheFunctionsFromTheTable() {
        let list = StatementHelp.text(topic: "list")
        #expect(CDTFunction.all.filter(\.isList).allSatisfy { list.contains($0.synopsis) })
        #expect(!list.contains("MAP_PUT"))
        let entry = StatementHelp.text(topic: "MAP_GET_BY_KEY")
        #expect(entry.contains("MAP_GET_BY_KEY(bin, key) [RETURN type] [INVERTED]"))
        #expect(entry.contains("RETURN VALUE unless given"))
        #expect(StatementHelp.text(topic: "OPERATE").contains("HELP LIST"))
    }
}
