import AerospikeCore
import AerospikeTestSupport
import AeroshLanguage
import Testing

/// Every rendered literal must read back as the same value: output can be pasted as input.
@Suite("Literals round-trip through the parser")
struct ValueLiteralTests {
    static func randomValue(_ rng: inout SeededGenerator, depth: Int = 0) -> Value {
        let scalars: [Character] = ["a", "Z", "'", "\"", "\\", "\n", "\t", "é", "😀", " ", "{", "-", "\u{01}"]
        switch Int.random(in: 0..<(depth > 2 ? 7 : 9), using: &rng) {
        case 0: return .nil
        case 1: return .int([Int64.min, Int64.max, 0, -1, Int64.random(in: -1000...1000, using: &rng)].randomElement(using: &rng)!)
        case 2: return .double([0.1, -0.0, 1e300, -2.5e-8, 3.0, Double.random(in: -1e6...1e6, using: &rng)].randomElement(using: &rng)!)
        case 3: return .bool(Bool.random(using: &rng))
        case 4: return .string(String((0..<Int.random(in: 0..<12, using: &rng)).map { _ in scalars.randomElement(using: &rng)! }))
        case 5: return .bytes((0..<Int.random(in: 0..<8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 6: return .geoJSON(#"{"type":"Point","coordinates":[1.5,-2]}"#)
        case 7: return .list((0..<Int.random(in: 0..<4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            let keys: [Value] = [.string("name"), .string("two words"), .string("true"), .int(7), .bytes([1]), .string("_x1")]
            return .map((0..<Int.random(in: 0..<4, using: &rng)).map { index in
                MapEntry(keys[(index + Int.random(in: 0..<keys.count, using: &rng)) % keys.count], randomValue(&rng, depth: depth + 1))
            })
        }
    }

    @Test func randomValuesRoundTrip() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let value = Self.randomValue(&rng)
            let text = "PUT test.demo 'k' {v: \(ValueLiteral.render(value))}"
            let result = Parser.parse(SourceText(text))
            try #require(result.errors.isEmpty, "\(text): \(result.errors)")
            guard case .put(_, let bins, _) = result.statements[0].statement else { Issue.record("not a put"); return }
            // Bit for bit: `==` takes -0.0 for 0.0, so a lost sign would pass it.
            #expect(bins.map(\.name) == ["v"] && bins.count == 1 && Self.identical(bins[0].value, value), "\(text) read back as \(bins)")
        }
    }

    /// A float's sign (and every other bit) must survive, at any depth.
    @Test(arguments: [-0.0, 0.0, -2.5e-8, 1e300, -Double.leastNonzeroMagnitude])
    func floatsKeepEveryBit(number: Double) throws {
        for value in [Value.double(number), .list([.double(number)]), .map([MapEntry(.string("k"), .double(number))])] {
            let text = "PUT test.demo 'k' {v: \(ValueLiteral.render(value))}"
            let result = Parser.parse(SourceText(text))
            try #require(result.errors.isEmpty, "\(text): \(result.errors)")
            guard case .put(_, let bins, _) = result.statements[0].statement, let read = bins.first?.value else { Issue.record("not a put"); return }
            #expect(Self.identical(read, value), "\(text) read back as \(read)")
        }
    }

    /// Equal with floats compared by bit pattern (so -0.0 is not 0.0), through lists and maps.
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): x.bitPattern == y.bitPattern
        case (.list(let xs, _), .list(let ys, _)): xs.count == ys.count && zip(xs, ys).allSatisfy { identical($0, $1) }
        case (.map(let xs), .map(let ys)):
            xs.count == ys.count && zip(xs, ys).allSatisfy { identical($0.key, $1.key) && identical($0.value, $1.value) }
        default: a == b
        }
    }

    @Test func keysRenderAsStatementKeys() {
        #expect(ValueLiteral.render(Key(namespace: "test", set: "demo", userKey: .string("user1"))) == "test.demo 'user1'")
        #expect(ValueLiteral.render(Key(namespace: "test", set: nil, userKey: .int(-5))) == "test -5")
        #expect(ValueLiteral.render(Key(namespace: "test", set: "demo", userKey: .bytes([1, 2]))) == "test.demo x'0102'")
    }
}
