import AerospikeCore
import AerospikeTestSupport

/// Random `Value`s that lean on the edges where encodings change form.
struct ValueGenerator {
    var rng: SeededGenerator
    var maxDepth = 4

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    static let edgeIntegers: [Int64] = [
        0, 1, -1, 31, 32, -32, -33, 127, 128, -127, -128, -129, 255, 256, 32767, 32768, -32768,
        -32769, 65535, 65536, 2_147_483_647, 2_147_483_648, -2_147_483_648, -2_147_483_649,
        4_294_967_295, 4_294_967_296, Int64.max, Int64.max - 1, Int64.min, Int64.min + 1,
    ]

    static let edgeDoubles: [Double] = [
        0.0, -0.0, 1.5, -1.5, 0.1, .pi, 1e300, -1e300, 1e-300, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, .infinity,
        -.infinity, .nan, Double(Int64.max), Double(Int64.min), 9_007_199_254_740_994,
    ]

    /// Byte lengths where a msgpack str or bin header changes form (the str payload is one
    /// longer than the text because of the particle-type prefix).
    static let edgeLengths = [0, 1, 30, 31, 32, 254, 255, 256, 65534, 65535, 65536]

    mutating func value(depth: Int = 0) -> Value {
        let kinds = depth < maxDepth ? 9 : 7
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .nil
        case 1: return .int(integer())
        case 2: return .double(double())
        case 3: return .bool(Bool.random(using: &rng))
        case 4: return .string(string())
        case 5: return .bytes(byteString())
        case 6: return .geoJSON(geoJSON())
        case 7:
            // Some ordered: the flag must survive msgpack both ways (a leading ext element).
            return .list((0..<count()).map { _ in value(depth: depth + 1) }, ordered: Int.random(in: 0..<4, using: &rng) == 0)
        default:
            return .map((0..<count()).map { _ in MapEntry(value(depth: depth + 1), value(depth: depth + 1)) })
        }
    }

    mutating func integer() -> Int64 {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return Self.edgeIntegers.randomElement(using: &rng)!
        case 1: return Int64.random(in: -40...300, using: &rng)
        case 2: return Int64(bitPattern: rng.next())
        default:
            // Every magnitude equally likely, so each msgpack integer form is exercised.
            let bits = Int.random(in: 0...63, using: &rng)
            let magnitude = Int64(bitPattern: rng.next() & ((1 << UInt64(bits)) - 1))
            return Bool.random(using: &rng) ? magnitude : -magnitude
        }
    }

    mutating func double() -> Double {
        if Bool.random(using: &rng) { return Self.edgeDoubles.randomElement(using: &rng)! }
        return Double(bitPattern: rng.next())
    }

    /// Mostly short strings; now and then one of an edge byte length.
    mutating func length() -> Int {
        // Keep 64 KiB values rare: they cost time, not coverage, after the first few.
        if Int.random(in: 0..<100, using: &rng) == 0 { return Self.edgeLengths.last! }
        if Int.random(in: 0..<5, using: &rng) == 0 { return Self.edgeLengths.dropLast().randomElement(using: &rng)! }
        return Int.random(in: 0...40, using: &rng)
    }

    mutating func string() -> String {
        let count = length()
        if Bool.random(using: &rng) {
            // ASCII of an exact byte length, to hit the header boundaries precisely.
            return String(decoding: (0..<count).map { _ in UInt8.random(in: 0x20...0x7e, using: &rng) }, as: UTF8.self)
        }
        let alphabet: [Character] = ["a", "Z", "0", " ", "\0", "\u{03}", "é", "ß", "中", "文", "😀", "\u{7f}", "\n"]
        return String((0..<count).map { _ in alphabet.randomElement(using: &rng)! })
    }

    mutating func byteString() -> [UInt8] {
        (0..<length()).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    mutating func geoJSON() -> String {
        let x = Double.random(in: -180...180, using: &rng)
        let y = Double.random(in: -90...90, using: &rng)
        return #"{"type":"Point","coordinates":[\#(x),\#(y)]}"#
    }

    mutating func count() -> Int {
        switch Int.random(in: 0..<20, using: &rng) {
        case 0: return Int.random(in: 15...17, using: &rng)  // fixarray/fixmap → 16-bit header
        case 1: return 0
        default: return Int.random(in: 1...4, using: &rng)
        }
    }

    mutating func bytes(maxCount: Int) -> [UInt8] {
        (0..<Int.random(in: 0...maxCount, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
}
