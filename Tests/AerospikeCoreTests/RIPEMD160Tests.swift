import AerospikeTestSupport
import AerospikeCore
import Testing

@Suite("RIPEMD-160")
struct RIPEMD160Tests {
    /// The test vectors published with the algorithm.
    static let vectors: [(String, String)] = [
        ("", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
        ("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"),
        ("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
        ("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
        ("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189"),
        (String(repeating: "1234567890", count: 8), "9b752e45573d4b39f4dbd3323cab82bf63326bfb"),
    ]

    @Test("published vectors", arguments: vectors)
    func publishedVector(message: String, expected: String) {
        #expect(Hex.encode(RIPEMD160.hash(message.utf8)) == expected)
        #expect(Hex.encode(RIPEMD160.hash(Array(message.utf8))) == expected)
    }

    @Test("one million a")
    func millionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(RIPEMD160.hash(message)) == "52783243c1697bdbe16d37f97f68f08325dc1528")
    }

    @Test("a sequence without contiguous storage hashes like an array")
    func nonContiguous() {
        for (message, expected) in Self.vectors {
            let lazyBytes = message.utf8.lazy.map { $0 }
            #expect(Hex.encode(RIPEMD160.hash(lazyBytes)) == expected)
        }
        let long = (0..<1000).lazy.map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(RIPEMD160.hash(long) == RIPEMD160.hash(Array(long)))
    }

    @Test("input fed in random chunks gives the same digest", arguments: [1, 2, 3, 4, 5])
    func randomChunks(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let message = (0..<Int.random(in: 0...5000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let expected = RIPEMD160.hash(message)

        var hasher = RIPEMD160()
        var offset = 0
        while offset < message.count {
            // Sizes around the block length matter most: they split and join blocks.
            let size = min(message.count - offset, [0, 1, 63, 64, 65, 127, Int.random(in: 0...200, using: &rng)].randomElement(using: &rng)!)
            let chunk = message[offset..<offset + size]
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: hasher.update(Array(chunk))
            case 1: chunk.withUnsafeBytes { hasher.update($0) }
            default: hasher.update(chunk.lazy.map { $0 })
            }
            offset += size
        }
        #expect(hasher.finalize() == expected)
    }

    @Test("every length from 0 to 200 agrees between one call and byte-by-byte updates")
    func lengthsAroundPadding() {
        var rng = SeededGenerator(seed: 99)
        let message = (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for length in 0...200 {
            let prefix = Array(message[..<length])
            var hasher = RIPEMD160()
            for byte in prefix { hasher.update(CollectionOfOne(byte)) }
            #expect(hasher.finalize() == RIPEMD160.hash(prefix), "length \(length)")
        }
    }

    @Test("finalize resets the hasher for the next message")
    func reuse() {
        var hasher = RIPEMD160()
        hasher.update("abc".utf8)
        _ = hasher.finalize()
        hasher.update("a".utf8)
        #expect(Hex.encode(hasher.finalize()) == "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe")
        #expect(Hex.encode(hasher.finalize()) == "9c1185a5c5e9fc54612808977ee8f548b2258d31")
    }
}
