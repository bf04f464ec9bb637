import AerospikeCore
@testable import AeroshLanguage
import Testing

/// WHERE conditions become the filter expressions the official clients would build.
@Suite("Parser: WHERE conditions")
struct ExpressionParserTests {
    func condition(_ text: String) throws -> Expression {
        let result = Parser.parse(SourceText("SELECT * FROM test.demo WHERE \(text)"))
        try #require(result.errors.isEmpty, "\(result.errors.map(\.text))")
        guard case .scan(let query)? = result.statements.first?.statement, let condition = query.condition else {
            Issue.record("no condition")
            return .literal(.nil)
        }
        return condition
    }

    static let v = Expression.bin("v", .int)

    @Test func comparisonsTypeTheBinFromTheValue() throws {
        #expect(try condition("v > 5") == .comparison(.greater, Self.v, .literal(.int(5))))
        #expect(try condition("5 <= v") == .comparison(.lessOrEqual, .literal(.int(5)), Self.v))
        #expect(try condition("price != 2.5") == .comparison(.notEqual, .bin("price", .float), .literal(.double(2.5))))
        #expect(try condition("name <> 'x'") == .comparison(.notEqual, .bin("name", .string), .literal(.string("x"))))
        #expect(try condition("raw = x'0102'") == .comparison(.equal, .bin("raw", .blob), .literal(.bytes([1, 2]))))
        #expect(try condition("active = true") == .comparison(.equal, .bin("active", .bool), .literal(.bool(true))))
        #expect(try condition("active") == .bin("active", .bool))
    }

    @Test func logicBindsAsSQLDoes() throws {
        let a = Expression.comparison(.equal, .bin("a", .int), .literal(.int(1)))
        let b = Expression.comparison(.equal, .bin("b", .int), .literal(.int(2)))
        let c = Expression.comparison(.equal, .bin("c", .int), .literal(.int(3)))
        #expect(try condition("a = 1 OR b = 2 AND c = 3") == .or([a, .and([b, c])]))
        #expect(try condition("(a = 1 OR b = 2) AND c = 3") == .and([.or([a, b]), c]))
        #expect(try condition("NOT a = 1 AND b = 2") == .and([.not(a), b]))
        #expect(try condition("a = 1 AND b = 2 AND c = 3") == .and([a, b, c]))
    }

    @Test func arithmeticLikeIsNullAndBetween() throws {
        #expect(try condition("v * 2 + 1 = 15") == .comparison(.equal,
            .arithmetic(.add, [.arithmetic(.multiply, [Self.v, .literal(.int(2))]), .literal(.int(1))]), .literal(.int(15))))
        // `v -1` is v minus one, though the lexer reads "-1" as a number.
        #expect(try condition("v -1 = 4") == .comparison(.equal, .arithmetic(.subtract, [Self.v, .literal(.int(1))]), .literal(.int(4))))
        #expect(try condition("s LIKE '^user[0-9]$'") == .regex("^user[0-9]$", flags: 1, .bin("s", .string)))
        #expect(try condition("gone IS NULL") == .comparison(.equal, .binType("gone"), .literal(.int(0))))
        #expect(try condition("here IS NOT NULL") == .comparison(.notEqual, .binType("here"), .literal(.int(0))))
        #expect(try condition("v BETWEEN 1 AND 9") == between("v", 1, 9))
    }

    @Test func metadataAndCollections() throws {
        #expect(try condition("@ttl > 3600") == .comparison(.greater, .metadata(.ttl), .literal(.int(3600))))
        #expect(try condition("@set = 'demo' AND @key_exists") == .and([
            .comparison(.equal, .metadata(.setName), .literal(.string("demo"))), .metadata(.keyExists),
        ]))
        #expect(try condition("@digest_modulo(3) = 1") == .comparison(.equal, .metadata(.digestModulo(3)), .literal(.int(1))))
        #expect(try condition("@record_size < 1000 AND @since_update > 10 AND @last_update > 0 AND @void_time = -1") != .literal(.nil))
        #expect(try condition("tags[0] = 'a'") == .comparison(.equal, .collection(CollectionRead(.listValue(index: 0), bin: "tags", type: .string)), .literal(.string("a"))))
        #expect(try condition("tags[-1] = 2") == .comparison(.equal, .collection(CollectionRead(.listValue(index: -1), bin: "tags", type: .int)), .literal(.int(2))))
        #expect(try condition("m['k'] >= 2.0") == .comparison(.greaterOrEqual, .collection(CollectionRead(.mapValue(key: .string("k")), bin: "m", type: .float)), .literal(.double(2))))
        // SIZE reads a list's or a map's size: whichever the bin holds answers.
        #expect(try condition("SIZE(tags) > 2") == .or([
            .comparison(.greater, .collection(CollectionRead(.listSize, bin: "tags", type: .int)), .literal(.int(2))),
            .comparison(.greater, .collection(CollectionRead(.mapSize, bin: "tags", type: .int)), .literal(.int(2))),
        ]))
        #expect(try condition("BIN('odd name') = 1") == .comparison(.equal, .bin("odd name", .int), .literal(.int(1))))
    }

    @Test func recordStatementsTakeAWhereAsAFilter() throws {
        let result = Parser.parse(SourceText("GET test.demo 'k' WHERE v > 5\nBATCH READ test.demo ('a', 'b') WHERE v > 5 TIMEOUT 2s\nPUT test.demo 'k' {v: 1} WHERE v > 5"))
        #expect(result.errors.isEmpty)
        let filter = Expression.comparison(.greater, Self.v, .literal(.int(5)))
        let options = result.statements.map { statement -> StatementOptions? in
            switch statement.statement {
            case .get(_, _, let options), .batchRead(_, _, let options), .put(_, _, let options): options
            default: nil
            }
        }
        #expect(options.map { $0?.filter } == [filter, filter, filter])
        #expect(options[1]?.timeout == .seconds(2))
    }

    @Test func expressionsRenderBackAsTheyAreWritten() throws {
        for text in ["v > 5 AND (name = 'x' OR NOT @key_exists)", "v * 2 + 1 = 15", "s LIKE '^a'", "gone IS NULL", "tags[0] = 'a'", "(v + 1) * 2 = 4"] {
            #expect(ExpressionText.render(try condition(text)) == text)
        }
    }

    @Test func thePlannerGivesAnIndexWhatItCanAnswer() throws {
        let indexes = [
            IndexDefinition(namespace: "test", set: "demo", name: "by_v", bin: "v", type: .numeric),
            IndexDefinition(namespace: "test", set: "demo", name: "by_name", bin: "name", type: .string),
        ]
        let plan1 = QueryPlanner.plan(try condition("v > 5 AND v <= 9 AND s LIKE 'x'"), set: "demo", indexes: indexes)
        #expect(plan1.index?.filter == .range(bin: "v", 6, 9) && plan1.index?.name == "by_v")
        #expect(plan1.filter == .regex("x", flags: 1, .bin("s", .string)))
        // An equality wins over a range; what is left is the filter.
        let plan2 = QueryPlanner.plan(try condition("v > 5 AND name = 'al'"), set: "demo", indexes: indexes)
        #expect(plan2.index?.filter == .equal(bin: "name", .string("al")))
        #expect(plan2.filter == .comparison(.greater, Self.v, .literal(.int(5))))
        // No index of this set, or an OR: a scan with the whole condition as its filter.
        #expect(QueryPlanner.plan(try condition("v = 5"), set: "other", indexes: indexes) == QueryPlan(filter: try condition("v = 5")))
        #expect(QueryPlanner.plan(try condition("v = 5 OR v = 6"), set: "demo", indexes: indexes).index == nil)
        // The index answers all: no filter.
        #expect(QueryPlanner.plan(try condition("v BETWEEN 1 AND 3"), set: "demo", indexes: indexes) == QueryPlan(index: (.range(bin: "v", 1, 3), "by_v")))
    }
}
