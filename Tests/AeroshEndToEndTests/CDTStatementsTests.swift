import Foundation
import Testing

/// List and map operations typed as OPERATE statements, on the embedded store, through
/// `aerosh serve` and through `serve --nodes 3`: the steps the official client ran against a real 8.1 server
/// (Tests/Fixtures/wire/cdt-expressions-aerospike-c.txt), with the values it got
/// (…results.txt, label by label) as aerosh prints them (`-o raw`: one value per line).
// One case at a time, for the same reason as the scan statements suite.
@Suite("List and map operations, end to end", .serialized)
struct CDTStatementsTests {
    static let setUp = "PUT test.cdt 'user7' {l: [3, 1, 2], m: {a: 1, b: 2}, n: {x: [1, {y: 1}]}, v: 7, s: 'user7'}"
    static let key = "test.cdt 'user7'"

    /// (statement operations, the printed values) in the capture's order.
    static let steps: [(String, String)] = [
        // list_append+size+get-1 -> [('l', 4), ('l', 4), ('l', 9)]
        ("LIST_APPEND(l, 9), LIST_SIZE(l), LIST_GET(l, -1)", "4\n4\n9\n"),
        // list_get_range+pop+sort -> [('l', [1, 2]), ('l', 3)]
        ("LIST_GET_RANGE(l, 1, 2), LIST_POP(l, 0), LIST_SORT(l)", "[1, 2]\n3\n"),
        // list_insert+remove+increment -> [('l', 4), ('l', 1), ('l', 7)]
        ("LIST_INSERT(l, 1, 'x'), LIST_REMOVE(l, 0), LIST_INCREMENT(l, 1, 5)", "4\n1\n7\n"),
        // list_append_items+get_by_value+get_by_rank -> [('l', 5), ('l', [3, 4]), ('l', 4)]
        ("LIST_APPEND_ITEMS(l, [4, 4]), LIST_GET_BY_VALUE(l, 4) RETURN INDEX, LIST_GET_BY_RANK(l, 0) RETURN VALUE", "5\n[3, 4]\n4\n"),
        // list_remove_by_value count -> [('l', 2)]
        ("LIST_REMOVE_BY_VALUE(l, 4) RETURN COUNT", "2\n"),
        // ordered list create+append -> [('o', 3), ('o', 4), ('o', [1, 2, 3, 5])]
        ("LIST_APPEND_ITEMS(o, [5, 1, 3]) ORDERED, LIST_APPEND(o, 2) ORDERED, READ o", "3\n4\n[1, 2, 3, 5]\n"),
        // map_put+size+get_by_key -> [('m', 3), ('m', 3), ('m', 1)]
        ("MAP_PUT(m, 'c', 3), MAP_SIZE(m), MAP_GET_BY_KEY(m, 'a') RETURN VALUE", "3\n3\n1\n"),
        // map_increment+remove_by_key+put_items -> [('m', 11), ('m', 2), ('m', 4)]
        ("MAP_INCREMENT(m, 'a', 10), MAP_REMOVE_BY_KEY(m, 'b') RETURN VALUE, MAP_PUT_ITEMS(m, {y: 25, z: 26})", "11\n2\n4\n"),
        // key-ordered map put -> [('km', 1), ('km', 2), ('km', {'a': 2, 'b': 1})]
        ("MAP_PUT(km, 'b', 1) KEY_ORDERED, MAP_PUT(km, 'a', 2) KEY_ORDERED, READ km", "1\n2\n{\"a\": 2, \"b\": 1}\n"),
        // nested ctx list_append n.x -> [('n', 3), ('n', 3)]
        ("LIST_APPEND(n['x'], 2), LIST_SIZE(n['x'])", "3\n3\n"),
        // nested ctx map in list n.x[1].y increment -> [('n', 6), ('n', {'x': [1, {'y': 6}, 2]})]
        ("MAP_INCREMENT(n['x'][1], 'y', 5), READ n", "6\n{\"x\": [1, {\"y\": 6}, 2]}\n"),
    ]

    /// The failing steps: (operations, result code in aerosh's words).
    static let failures: [(String, String)] = [
        ("LIST_APPEND(l, 1) ADD_UNIQUE, LIST_APPEND(l, 1) ADD_UNIQUE", "AEROSPIKE_ERR_FAIL_ELEMENT_EXISTS (24)"),
        ("MAP_PUT(m, 'a', 0) CREATE_ONLY", "AEROSPIKE_ERR_FAIL_ELEMENT_EXISTS (24)"),
        ("MAP_PUT(m, 'nope', 0) UPDATE_ONLY", "AEROSPIKE_ERR_FAIL_ELEMENT_NOT_FOUND (23)"),
        ("LIST_APPEND(m, 1)", "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE (12)"),
        ("MAP_PUT(l, 'a', 1)", "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE (12)"),
    ]

    @Test("the captured steps print the captured values", arguments: DataPlace.allCases)
    func steps(mode: DataPlace) async throws {
        let store = try Place(mode)
        try await store.setUp(Self.setUp)
        for (operations, expected) in Self.steps {
            let run = try await store.run("OPERATE ORDERED \(Self.key) \(operations)", format: "raw")
            #expect(run.stdout == expected, "\(operations)\n\(run.stderr)")
        }
        for (operations, code) in Self.failures {
            let run = try await store.run("OPERATE \(Self.key) \(operations)")
            #expect(run.status == 1, "\(operations)")
            #expect(run.stderr.contains(code), "\(operations): \(run.stderr)")
        }
    }

    /// Through serve this needs `WireRequest(_:)` to take a read command carrying
    /// CDT_READ operations as an operate without writes.
    @Test("operations that only read: a KEY_VALUE map, an index out of range, an absent bin", arguments: DataPlace.allCases)
    func reading(mode: DataPlace) async throws {
        let store = try Place(mode)
        try await store.setUp("PUT test.cdt 'user7' {m: {a: 11, c: 3, y: 25, z: 26}, l: [1]}")
        // map_get_by_rank-1+by_index0 key_value -> [('m', ['z', 26]), ('m', 'a')]
        let pairs = try await store.run("OPERATE ORDERED \(Self.key) MAP_GET_BY_RANK(m, -1) RETURN KEY_VALUE, MAP_GET_BY_INDEX(m, 0) RETURN KEY", format: "raw")
        #expect(pairs.stdout == "{\"z\": 26}\na\n", "\(pairs.stderr)")
        // list_get out of range -> error OpNotApplicable 26
        let range = try await store.run("OPERATE \(Self.key) LIST_GET(l, 99)")
        #expect(range.stderr.contains("AEROSPIKE_ERR_OP_NOT_APPLICABLE (26)"), "\(range.stderr)")
        // list ops on a missing bin -> []
        let absent = try await store.run("OPERATE ORDERED \(Self.key) LIST_SIZE(nosuch), LIST_GET(nosuch, 0)", format: "raw")
        #expect(absent.status == 0, "\(absent.stderr)")
        #expect(absent.stdout == "")
    }
}
