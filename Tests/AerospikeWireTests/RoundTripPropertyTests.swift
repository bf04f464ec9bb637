import AerospikeTestSupport
import AerospikeCore
import AerospikeSemantics
import AerospikeWire
import NIOCore
import Testing

/// Whatever a user can put in a bin must come back unchanged, bit for bit.
@Suite("Round-trip properties")
struct RoundTripPropertyTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]
    static let valuesPerSeed = 1000

    @Test("MessagePack: write then read gives the value back", arguments: seeds)
    func messagePack(seed: UInt64) throws {
        var generator = ValueGenerator(seed: seed)
        for index in 0..<Self.valuesPerSeed {
            let value = generator.value()
            var out = ByteBuffer()
            MessagePack.write(value, to: &out)
            let encodedCount = out.readableBytes
            let back = try MessagePack.read(from: &out)
            #expect(identical(back, value), "seed \(seed) value \(index): \(value)")
            #expect(out.readableBytes == 0, "seed \(seed) value \(index): read \(encodedCount - out.readableBytes) of \(encodedCount) bytes")
        }
    }

    /// The record-size limit counts lists and maps by their msgpack length without
    /// encoding them: that count must be the codec's, byte for byte.
    @Test("MessagePack: the size the record-size limit counts is the encoded size", arguments: seeds)
    func messagePackSize(seed: UInt64) {
        var generator = ValueGenerator(seed: seed &+ 200)
        for index in 0..<Self.valuesPerSeed {
            let value = generator.value()
            var out = ByteBuffer()
            MessagePack.write(value, to: &out)
            #expect(RecordSize.messagePackBytes(value) == out.readableBytes, "seed \(seed) value \(index): \(value)")
        }
        // The boundaries of each integer form.
        for number: Int64 in [0, 127, 128, 255, 256, 65_535, 65_536, 4_294_967_295, 4_294_967_296, -1, -32, -33, -128, -129, -32_768, -32_769, Int64(Int32.min), Int64(Int32.min) - 1, .min, .max] {
            var out = ByteBuffer()
            MessagePack.write(.int(number), to: &out)
            #expect(RecordSize.messagePackBytes(.int(number)) == out.readableBytes, "\(number)")
        }
    }

    @Test("MessagePack: values written back to back read back in order", arguments: seeds)
    func messagePackSequence(seed: UInt64) throws {
        var generator = ValueGenerator(seed: seed &+ 100)
        let values = (0..<200).map { _ in generator.value() }
        var out = ByteBuffer()
        for value in values { MessagePack.write(value, to: &out) }
        for value in values {
            #expect(identical(try MessagePack.read(from: &out), value))
        }
        #expect(out.readableBytes == 0)
    }

    @Test("ParticleCodec: write then read with the value's type gives the value back", arguments: seeds)
    func particle(seed: UInt64) throws {
        var generator = ValueGenerator(seed: seed &+ 200)
        for index in 0..<Self.valuesPerSeed {
            let value = generator.value()
            var out = ByteBuffer()
            ParticleCodec.write(value, to: &out)
            let type = ParticleCodec.type(of: value)
            let back = try ParticleCodec.read(type: type.rawValue, from: out)
            #expect(identical(back, value), "seed \(seed) value \(index): \(value)")
        }
    }

    @Test("edge integers and doubles round-trip through both codecs")
    func edges() throws {
        let values = ValueGenerator.edgeIntegers.map(Value.int) + ValueGenerator.edgeDoubles.map(Value.double)
        for value in values {
            var particle = ByteBuffer()
            ParticleCodec.write(value, to: &particle)
            #expect(identical(try ParticleCodec.read(type: ParticleCodec.type(of: value).rawValue, from: particle), value))

            var packed = ByteBuffer()
            MessagePack.write(value, to: &packed)
            #expect(identical(try MessagePack.read(from: &packed), value))
        }
    }

    @Test("strings and blobs of edge lengths round-trip", arguments: ValueGenerator.edgeLengths)
    func edgeLengths(length: Int) throws {
        let values: [Value] = [
            .string(String(repeating: "x", count: length)),
            .bytes(Array(repeating: 0xfe, count: length)),
            .geoJSON(String(repeating: " ", count: length)),
            .list([.string(String(repeating: "é", count: length / 2))]),
        ]
        for value in values {
            var packed = ByteBuffer()
            MessagePack.write(value, to: &packed)
            #expect(try MessagePack.read(from: &packed) == value)

            var particle = ByteBuffer()
            ParticleCodec.write(value, to: &particle)
            #expect(try ParticleCodec.read(type: ParticleCodec.type(of: value).rawValue, from: particle) == value)
        }
    }

    /// A batch entry made from the previous one's (a read of the same namespace, set,
    /// bins and policy) must be exactly the entry made afresh, whatever came before it.
    @Test("a batch entry made from the previous request's is the entry made afresh", arguments: seeds)
    func batchEntryReuse(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        func pick<T>(_ choices: [T]) -> T { choices[Int(generator.next() % UInt64(choices.count))] }
        let policies = [ReadPolicy(), ReadPolicy(command: CommandPolicy(totalTimeout: .milliseconds(50))),
                        ReadPolicy(filter: .comparison(.greater, .bin("n", .int), .literal(.int(3))))]
        var previous: (request: WireRequest, entry: BatchEntry)?
        for index in 0..<500 {
            let key = Key(namespace: pick(["test", "bar"]), set: pick(["demo", "other", nil]), userKey: .int(Int64(generator.next() % 50)))
            let request: WireRequest
            switch generator.next() % 4 {
            case 0: request = .readHeader(key, pick(policies))
            case 1: request = .operate(key, [.write(Bin("a", .int(1)))], WritePolicy(sendKey: true), respondAllOps: false)
            default: request = .read(key, bins: pick([nil, ["a"], ["a", "b"]]), pick(policies))
            }
            let reused = request.batchEntry(index: UInt32(index), like: previous)
            #expect(reused == request.batchEntry(index: UInt32(index)), "seed \(seed) entry \(index): \(request)")
            previous = (request, reused)
        }
    }
}
