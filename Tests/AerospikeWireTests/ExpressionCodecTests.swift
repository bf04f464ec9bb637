import AerospikeCore
@testable import AerospikeSemantics
import AerospikeTestSupport
@testable import AerospikeWire
import NIOCore
import Testing

/// Filter expressions against what the official client sent a real 8.1 server, and what
/// that server answered (`cdt-expressions-aerospike-c.txt` and its results file): every
/// captured expression decodes, re-encodes byte for byte, and, evaluated against the
/// record it filtered, passes or filters out exactly as the server did.
@Suite("Filter expressions against a real server")
struct ExpressionCodecTests {
    /// Each labelled step's filter field: the `mark:<label>` info frame comes first.
    static let labelledFilters: [(label: String, field: [UInt8])] = {
        var label = ""
        var found: [(String, [UInt8])] = []
        for frame in CaptureFile.frames("cdt-expressions-aerospike-c.txt") where frame.direction == .toServer && frame.isComplete {
            if frame.type == 1 {
                let text = String(decoding: frame.body, as: UTF8.self)
                if text.hasPrefix("mark:") { label = String(text.dropFirst(5).prefix { $0 != "\n" }) }
                continue
            }
            guard frame.type == 3 else { continue }
            var body = ByteBuffer(bytes: frame.body)
            guard let message = try? WireMessage.read(from: &body), let field = message.field(.filterExpression) else { continue }
            found.append((label, Array(field.data.readableBytesView)))
        }
        return found
    }()

    /// label → "pass" or "27", from the results file.
    static let outcomes: [String: String] = {
        let text = CaptureFile.readText(CaptureFile.directory + "/cdt-expressions-aerospike-c.results.txt")
        var outcomes: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let arrow = line.firstRange(of: " -> ") else { continue }
            let label = String(line[..<arrow.lowerBound])
            outcomes[label] = line[arrow.upperBound...].contains("FilteredOut 27") ? "27" : "pass"
        }
        return outcomes
    }()

    /// The record of set `cdt` every single-record filter ran against, as the results
    /// file shows it when a filter passed.
    static let record: [Bin] = [
        Bin("l", .list([.int(1)])),
        Bin("m", .map([])),
        Bin("n", .map([MapEntry(.string("x"), .list([.int(1), .map([MapEntry(.string("y"), .int(6))]), .int(2)]))])),
        Bin("v", .int(7)),
        Bin("s", .string("user7")),
        Bin("o", .list([.int(1), .int(2), .int(3), .int(5)])),
        Bin("km", .map([MapEntry(.string("a"), .int(2)), MapEntry(.string("b"), .int(1))])),
    ]

    @Test func theCaptureHoldsTheExpressionSteps() {
        #expect(Self.labelledFilters.count >= 12)
        #expect(Self.labelledFilters.allSatisfy { Self.outcomes[$0.label] != nil })
    }

    @Test func everyCapturedExpressionReencodesByteForByte() throws {
        for (label, bytes) in Self.labelledFilters {
            let expression = try ExpressionCodec.decode(ByteBuffer(bytes: bytes))
            #expect(Array(ExpressionCodec.encode(expression).readableBytesView) == bytes, "\(label)")
        }
    }

    @Test func decodedTreesAreTheOnesTheClientBuilt() throws {
        func tree(_ label: String) throws -> Expression {
            let bytes = try #require(Self.labelledFilters.first { $0.label == label }?.field)
            return try ExpressionCodec.decode(ByteBuffer(bytes: bytes))
        }
        #expect(try tree("exp v>5 (pass)") == .comparison(.greater, .bin("v", .int), .literal(.int(5))))
        #expect(try tree("exp bin exists") == .comparison(.notEqual, .binType("nosuch"), .literal(.int(0))))
        #expect(try tree("exp regex") == .regex("^user[0-9]$", flags: 0, .bin("s", .string)))
        #expect(try tree("exp list size") == .comparison(.greaterOrEqual, .collection(CollectionRead(.listSize, bin: "l", type: .int)), .literal(.int(0))))
        #expect(try tree("exp map get by key") == .comparison(.equal, .collection(CollectionRead(.mapValue(key: .string("y")), bin: "m", type: .int)), .literal(.int(25))))
        #expect(try tree("exp digest modulo / set name") == .and([
            .comparison(.greaterOrEqual, .metadata(.digestModulo(3)), .literal(.int(0))),
            .comparison(.equal, .metadata(.setName), .literal(.string("cdt"))),
        ]))
    }

    @Test func eachExpressionPassesOrFiltersAsTheServerDid() throws {
        // The single-record steps ran against the key ("cdt", "k")'s record.
        let digest = Key(namespace: "test", set: "cdt", userKey: .string("k")).digest
        let unixSeconds: UInt64 = 1_800_000_000
        let subject = ExpressionSubject(
            bins: Self.record, setName: "cdt", digest: digest, keyStored: false,
            voidTime: UInt32(unixSeconds - CitrusleafTime.unixOffset) + 2_592_000, lastUpdate: (unixSeconds - 10) * 1000, size: { 200 })
        var checked = 0
        for (label, bytes) in Self.labelledFilters where !label.hasPrefix("batch") {
            let expression = try ExpressionCodec.decode(ByteBuffer(bytes: bytes))
            let passes = ExpressionEvaluator.passes(expression, subject, unixMillisecondsNow: unixSeconds * 1000)
            #expect((passes ? "pass" : "27") == Self.outcomes[label], "\(label): \(expression)")
            checked += 1
        }
        #expect(checked >= 12)
    }

    @Test func theBatchFilterKeepsTheRecordsTheServerKept() throws {
        // batch_read of keys with v = 0…5 under `v > 2`: the first three filtered (27).
        let bytes = try #require(Self.labelledFilters.first { $0.label.hasPrefix("batch_read") }?.field)
        let expression = try ExpressionCodec.decode(ByteBuffer(bytes: bytes))
        let kept = (0..<6).map { value in
            let subject = ExpressionSubject(
                bins: [Bin("v", .int(Int64(value)))], setName: "cdt", digest: Key(namespace: "test", set: "cdt", userKey: .int(Int64(value))).digest,
                keyStored: false, voidTime: 0, lastUpdate: nil, size: { 0 })
            return ExpressionEvaluator.passes(expression, subject, unixMillisecondsNow: 0)
        }
        #expect(kept == [false, false, false, true, true, true])
    }

    @Test(arguments: [
        Expression.and([.comparison(.less, .bin("a", .float), .literal(.double(2.5))), .not(.metadata(.keyExists))]),
        .or([.regex("x.*", flags: 2, .bin("s", .string)), .comparison(.equal, .bin("b", .blob), .literal(.bytes([1, 2])))]),
        .comparison(.equal, .arithmetic(.add, [.bin("n", .int), .literal(.int(-40)), .literal(.int(1 << 40))]), .literal(.int(7))),
        .comparison(.equal, .collection(CollectionRead(.listValue(index: -1), bin: "l", type: .string)), .literal(.string("z"))),
        .comparison(.greater, .metadata(.sinceUpdate), .metadata(.ttl)),
        .comparison(.equal, .bin("flag", .bool), .literal(.bool(true))),
    ])
    func expressionsSurviveARoundTrip(expression: Expression) throws {
        #expect(try ExpressionCodec.decode(ExpressionCodec.encode(expression)) == expression)
    }
}
