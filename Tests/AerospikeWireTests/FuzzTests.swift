import AerospikeTestSupport
import AerospikeCore
import AerospikeWire
import NIOCore
import Testing

/// Bytes from the network are untrusted: any input must end in a value or a
/// PARAMETER_ERROR, never a crash, a hang or a huge allocation.
@Suite("Decoders against hostile input")
struct FuzzTests {
    static let seeds: [UInt64] = [11, 12, 13]

    /// Decodes and checks the contract; returns whether a value came out.
    @discardableResult
    static func survivesMessagePack(_ bytes: [UInt8]) -> Bool {
        var input = ByteBuffer(bytes: bytes)
        do {
            _ = try MessagePack.read(from: &input)
            #expect(input.readerIndex <= bytes.count)
            return true
        } catch {
            #expect(error.code == .parameterError)
            #expect(input.readerIndex == 0)
            return false
        }
    }

    static func survivesParticle(type: UInt8, _ bytes: [UInt8]) {
        do {
            _ = try ParticleCodec.read(type: type, from: ByteBuffer(bytes: bytes))
        } catch {
            #expect(error.code == .parameterError)
            #expect(error.message?.isEmpty == false)
        }
    }

    @Test("random bytes", arguments: seeds)
    func randomBytes(seed: UInt64) {
        var generator = ValueGenerator(seed: seed)
        for _ in 0..<3000 {
            let bytes = generator.bytes(maxCount: 48)
            Self.survivesMessagePack(bytes)
            Self.survivesParticle(type: UInt8.random(in: 0...255, using: &generator.rng), bytes)
            for type in [19, 20, 23] as [UInt8] { Self.survivesParticle(type: type, bytes) }
        }
    }

    /// Random bytes rarely get past the first marker; starting from collection and str
    /// headers sends the decoder deeper.
    @Test("random bytes behind collection and string headers", arguments: seeds)
    func structuredNoise(seed: UInt64) {
        var generator = ValueGenerator(seed: seed &+ 50)
        let headers: [[UInt8]] = [[0x93], [0x83], [0xdc, 0x00, 0x05], [0xde, 0x00, 0x03], [0xd9, 0x10], [0x91, 0x92, 0x81], [0xc7, 0x00]]
        for _ in 0..<3000 {
            let bytes = headers.randomElement(using: &generator.rng)! + generator.bytes(maxCount: 32)
            Self.survivesMessagePack(bytes)
            Self.survivesParticle(type: 20, bytes)
            Self.survivesParticle(type: 19, bytes)
        }
    }

    /// msgpack is self-delimiting, so no proper prefix of one value's encoding is itself a
    /// complete value: every truncation must throw.
    @Test("every truncation of a valid encoding throws", arguments: seeds)
    func truncations(seed: UInt64) {
        var generator = ValueGenerator(seed: seed &+ 300)
        generator.maxDepth = 3
        for _ in 0..<300 {
            let value = generator.value()
            var out = ByteBuffer()
            MessagePack.write(value, to: &out)
            let encoded = Array(out.readableBytesView)
            // Long encodings: a sample of cut points, not all of them.
            let cuts = encoded.count <= 600
                ? Array(0..<encoded.count)
                : (0..<100).map { _ in Int.random(in: 0..<encoded.count, using: &generator.rng) }
            for cut in cuts {
                #expect(!Self.survivesMessagePack(Array(encoded[..<cut])), "prefix \(cut) of \(encoded.count) of \(value)")
            }
        }
    }

    @Test("valid encodings with bytes flipped", arguments: seeds)
    func mutations(seed: UInt64) {
        var generator = ValueGenerator(seed: seed &+ 400)
        generator.maxDepth = 3
        for _ in 0..<1000 {
            let value = generator.value()
            var out = ByteBuffer()
            MessagePack.write(value, to: &out)
            var encoded = Array(out.readableBytesView)
            guard !encoded.isEmpty, encoded.count < 4096 else { continue }
            for _ in 0..<Int.random(in: 1...3, using: &generator.rng) {
                encoded[Int.random(in: 0..<encoded.count, using: &generator.rng)] = UInt8.random(in: 0...255, using: &generator.rng)
            }
            Self.survivesMessagePack(encoded)
            Self.survivesParticle(type: ParticleCodec.type(of: value).rawValue, encoded)
        }
    }

    @Test("truncated particles of fixed size throw", arguments: [1, 2, 17] as [UInt8])
    func truncatedFixedParticles(type: UInt8) {
        let full: [UInt8] = type == 17 ? [1] : [1, 2, 3, 4, 5, 6, 7, 8]
        for cut in 0..<full.count {
            #expect(throws: AerospikeError.self) { try ParticleCodec.read(type: type, from: ByteBuffer(bytes: full[..<cut])) }
        }
    }

    @Test("huge announced lengths fail without allocating", arguments: [
        "dd ffffffff", "df ffffffff", "db ffffffff", "c6 ffffffff", "c9 ffffffff 01",
        "91 dd 7fffffff", "92 c9 ffffffff 01", "dc ffff", "de ffff",
    ])
    func hugeLengths(hexBytes: String) {
        #expect(!Self.survivesMessagePack(bytes(hexBytes)))
    }
}
