import AerospikeCore
import AerospikeTestSupport
@testable import AerospikeWire
import NIOCore
import Testing

/// List and map operations: every one the official C client sent a real server decodes
/// and re-encodes to the same bytes, any operation survives encode → decode, and bad
/// bytes are refused as a server refuses them.
@Suite("CDT codec")
struct CDTCodecTests {
    static let files = ["cdt-expressions-aerospike-c.txt", "scan-index-info-cdt-aerospike-c.txt"]

    /// The CDT operations of every request a client sent, with the frame they came in.
    static func capturedOperations(_ file: String) throws -> [(frame: Int, operation: WireOperation)] {
        var found: [(Int, WireOperation)] = []
        for captured in CaptureFile.frames(file) where captured.isComplete && captured.type == 3 && captured.direction == .toServer {
            var body = ByteBuffer(bytes: captured.body)
            let message = try WireMessage.read(from: &body)
            found += message.operations.filter(CDTCodec.isCDT).map { (captured.number, $0) }
        }
        return found
    }

    @Test("every captured CDT operation decodes and re-encodes byte for byte", arguments: files)
    func capturedOperationsRoundTrip(file: String) throws {
        let operations = try Self.capturedOperations(file)
        // The C client sent 46 list/map operations in the CDT capture and 4 in the other.
        #expect(operations.count >= 4)
        for (frame, wire) in operations {
            let decoded = try CDTCodec.decode(wire)
            let again = CDTCodec.encode(decoded)
            #expect(again.type == wire.type, "frame \(frame)")
            #expect(again.particleType == wire.particleType, "frame \(frame)")
            #expect(again.binName == wire.binName, "frame \(frame)")
            #expect(hex(again.value) == hex(wire.value), "frame \(frame): \(decoded)")
        }
    }

    /// The capture's list and map operations, as the Python client's calls built them
    /// (arguments read off the script's labels and the bytes: `93 cc ff 94 22 a2 03 78 10 01
    /// 94 49 a2 03 79 05 00` is map_increment of `y` by 5 at `n['x'][1]`).
    @Test("captured operations decode to what the client asked for")
    func capturedOperationsMeanWhatTheClientAsked() throws {
        let decoded = try Self.capturedOperations("cdt-expressions-aerospike-c.txt").map { try CDTCodec.decode($0.operation) }
        let x = Value.string("x")
        let expected: [CDTOperation] = [
            .list("l", .append(.int(9))), .list("l", .size), .list("l", .get(index: -1)),
            .list("l", .getRange(index: 1, count: 2)), .list("l", .pop(index: 0)), .list("l", .sort()),
            .list("l", .insert(index: 1, x)), .list("l", .remove(index: 0)), .list("l", .increment(index: 1, by: .int(5))),
            .list("l", .get(index: 99)),
            .list("l", .appendItems([.int(4), .int(4)])), .list("l", .getBy(.value(.int(4)), returning: CDTReturn(.index))),
            .list("l", .getBy(.rank(0), returning: CDTReturn(.value))),
            .list("l", .removeBy(.value(.int(4)), returning: CDTReturn(.count))),
            .list("l", .set(index: 0, .string("z"))), .list("l", .size), .list("l", .clear), .list("l", .size),
            .list("l", .append(.int(1), ListPolicy(flags: .addUnique))), .list("l", .append(.int(1), ListPolicy(flags: .addUnique))),
            .list("l", .append(.int(1), ListPolicy(flags: [.addUnique, .noFail]))),
            .list("o", .appendItems([.int(5), .int(1), .int(3)], ListPolicy(order: .ordered))), .list("o", .append(.int(2), ListPolicy(order: .ordered))),
            .map("m", .put(key: .string("c"), value: .int(3))), .map("m", .size),
            .map("m", .getBy(.key(.string("a")), returning: CDTReturn(.value))),
            .map("m", .increment(key: .string("a"), by: .int(10))), .map("m", .removeBy(.key(.string("b")), returning: CDTReturn(.value))),
            .map("m", .putItems([MapEntry(.string("y"), .int(25)), MapEntry(.string("z"), .int(26))])),
            .map("m", .getBy(.rank(-1), returning: CDTReturn(.keyValue))), .map("m", .getBy(.index(0), returning: CDTReturn(.key))),
            .map("m", .getBy(.keyInterval(.string("a"), end: .string("z")), returning: CDTReturn(.key))),
            .map("m", .getBy(.value(.int(26)), returning: CDTReturn(.key))),
            .map("m", .put(key: .string("a"), value: .int(0), MapPolicy(flags: .createOnly))),
            .map("m", .put(key: .string("nope"), value: .int(0), MapPolicy(flags: .updateOnly))),
            .map("km", .put(key: .string("b"), value: .int(1), MapPolicy(order: .keyOrdered))),
            .map("km", .put(key: .string("a"), value: .int(2), MapPolicy(order: .keyOrdered))),
            .map("m", .clear), .map("m", .size),
            .list("m", .append(.int(1))), .map("l", .put(key: .string("a"), value: .int(1))),
            .list("n", context: [.mapKey(x)], .append(.int(2))), .list("n", context: [.mapKey(x)], .size),
            .map("n", context: [.mapKey(x), .listIndex(1)], .increment(key: .string("y"), by: .int(5))),
            .list("nosuch", .size), .list("nosuch", .get(index: 0)),
        ]
        #expect(decoded == expected)
    }

    @Test("CDT_READ carries reads and CDT_MODIFY writes, particle BLOB")
    func operationTypes() {
        #expect(CDTCodec.encode(.list("l", .size)).type == .cdtRead)
        #expect(CDTCodec.encode(.map("m", .getBy(.key(.int(1)), returning: CDTReturn(.value)))).type == .cdtRead)
        #expect(CDTCodec.encode(.list("l", .append(.int(1)))).type == .cdtModify)
        #expect(CDTCodec.encode(.map("m", .removeBy(.key(.int(1)), returning: CDTReturn(.none)))).type == .cdtModify)
        #expect(CDTCodec.encode(.list("l", .size)).particleType == ParticleType.blob.rawValue)
    }

    @Test("an operation sent with the wrong type, an unknown code or bad arguments is a parameter error", arguments: [
        (OperationType.cdtRead, "92 01 09"),       // list append sent as a read
        (OperationType.cdtModify, "91 10"),        // list size sent as a write
        (OperationType.cdtRead, "91 3f"),          // no list operation 63
        (OperationType.cdtRead, "91 cc c8"),       // no operation 200
        (OperationType.cdtRead, "92 11 a2 03 78"), // list get with a string index
        (OperationType.cdtRead, "93 11 01"),       // an array announcing 3 elements with 2
        (OperationType.cdtRead, "90"),             // an empty call
        (OperationType.cdtRead, "92 10 01 02"),    // bytes after the call
        (OperationType.cdtRead, "93 cc ff 91 22 91 10"), // a context without its value
        (OperationType.cdtRead, "93 15 63 00"),    // return type 99
    ])
    func malformed(type: OperationType, value: String) {
        let wire = WireOperation(type, particleType: ParticleType.blob.rawValue, binName: "l", value: buffer(value))
        #expect {
            _ = try CDTCodec.decode(wire)
        } throws: { error in
            (error as? AerospikeError)?.code == .parameterError
        }
    }

    /// A server still reads the deprecated form: a 16-bit code, then an argument array.
    @Test("the deprecated 16-bit code form decodes")
    func deprecatedForm() throws {
        let wire = WireOperation(.cdtModify, particleType: 4, binName: "l", value: buffer("00 01 91 09"))
        #expect(try CDTCodec.decode(wire) == .list("l", .append(.int(9))))
        #expect(try CDTCodec.decode(WireOperation(.cdtRead, particleType: 4, binName: "l", value: buffer("00 10"))) == .list("l", .size))
    }

    @Test("INVERTED rides on the return type, infinity ends a range")
    func flagsAndMarkers() throws {
        let inverted = CDTOperation.list("l", .getBy(.indexRange(1, count: nil), returning: CDTReturn(.value, inverted: true)))
        #expect(hex(CDTCodec.encode(inverted).value) == "9318ce0001000701")
        let infinite = WireOperation(.cdtRead, particleType: 4, binName: "m", value: buffer("94 67 07 a2 03 61 d4 ff 01"))
        #expect(try CDTCodec.decode(infinite) == .map("m", .getBy(.keyInterval(.string("a"), end: nil), returning: CDTReturn(.value))))
    }

    @Test("generated operations survive encode → decode → encode", arguments: [UInt64(11), 12, 13, 14])
    func roundTripProperty(seed: UInt64) throws {
        var generator = CDTOperationGenerator(seed: seed)
        for index in 0..<500 {
            let operation = generator.operation()
            let wire = CDTCodec.encode(operation)
            let decoded = try CDTCodec.decode(wire)
            #expect(hex(CDTCodec.encode(decoded).value) == hex(wire.value), "seed \(seed) #\(index): \(operation)")
            // NaN is never equal to itself; its bytes were compared above.
            if !"\(operation)".contains("nan") {
                #expect(decoded == operation, "seed \(seed) #\(index)")
            }
        }
    }
}
