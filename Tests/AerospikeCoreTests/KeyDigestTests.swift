import AerospikeCore
import Testing

@Suite("Key digests")
struct KeyDigestTests {
    /// protocol.md §6, computed by the official client.
    static let vectors: [(set: String, key: UserKey, digest: String, partition: Int)] = [
        ("demo", .string("key1"), "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960", 492),
        ("demo", .int(1), "b7f4b83889e2da67de683e1df6919a1eacc446c8", 1207),
        ("demo", .bytes([0x01, 0x02]), "41721215fd2e56087e4f962047729a972784f317", 577),
        ("demo", .string(""), "6253653507ba82c3f57c87af2f86d39033149e0c", 866),
        ("", .string("key1"), "579f05ecf9e6a9e796f4da2ab0b1323364df5c10", 3927),
        ("demo", .int(-1), "e9d49a24c3debdc5a6d551d3e7087999a263bb97", 1257),
        ("demo", .int(1 << 40), "d175bc316c65e6cc62b53974d888b6cb94871138", 1489),
        ("demo", .string("k1"), "b747f5854d0b33259928d0cfab7fad81d6abfbf6", 1975),
        ("demo", .string("k2"), "a933ee0e8f82c106697150d15e504f08b2b2e01d", 937),
        ("demo", .int(3), "b1a56067f6d4a8a44439d3af62bff868610194cd", 1457),
    ]

    @Test("official client vectors", arguments: vectors)
    func vector(set: String, key: UserKey, digest: String, partition: Int) {
        let computed = Digest.compute(set: set, userKey: key)
        #expect(computed.hex == digest)
        #expect(computed.partitionID == partition)

        let full = Key(namespace: "test", set: set, userKey: key)
        #expect(full.digest == computed)
        #expect(full.namespace == "test")
        #expect(full.set == set)
        #expect(full.userKey == key)
    }

    @Test("a nil set hashes like the empty set")
    func nilSet() {
        #expect(Digest.compute(set: nil, userKey: .string("key1")).hex == "579f05ecf9e6a9e796f4da2ab0b1323364df5c10")
    }

    @Test("the digest is RIPEMD-160 of set, type byte and key bytes")
    func formula() {
        let key = UserKey.int(-2)
        let input = Array("demo".utf8) + [key.typeCode] + key.digestBytes
        #expect(Digest.compute(set: "demo", userKey: key).bytes == RIPEMD160.hash(input))
    }

    /// Inputs up to 55 bytes take a one-block path of their own; around that length, and
    /// for every key type and a nil or empty set, it must agree with the streaming hash.
    @Test("a key's digest is the streaming hash at every input length around one block")
    func shortAndLongInputsAgree() {
        for setLength in [0, 1, 7, 30, 54, 55, 63] {
            let set = String(repeating: "s", count: setLength)
            for keyLength in 0...70 {
                let text = String(repeating: "k", count: keyLength)
                let blob = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 37) }
                for key in [UserKey.string(text), .bytes(blob), .int(Int64(keyLength) &* -7_919)] {
                    let input = Array(set.utf8) + [key.typeCode] + key.digestBytes
                    #expect(Digest.compute(set: set, userKey: key).bytes == RIPEMD160.hash(input))
                }
            }
        }
        #expect(Digest.compute(set: nil, userKey: .int(5)) == Digest.compute(set: "", userKey: .int(5)))
    }

    @Test("key bytes and types as the KEY field carries them")
    func keyBytes() {
        #expect(UserKey.int(1).digestBytes == bytes("0000000000000001"))
        #expect(UserKey.int(-1).digestBytes == bytes("ffffffffffffffff"))
        #expect(UserKey.int(Int64.min).digestBytes == bytes("8000000000000000"))
        #expect(UserKey.string("k1").digestBytes == bytes("6b31"))
        #expect(UserKey.string("é").digestBytes == bytes("c3a9"))
        #expect(UserKey.bytes([9, 0]).digestBytes == [9, 0])
        #expect(UserKey.int(1).typeCode == 1)
        #expect(UserKey.string("").typeCode == 3)
        #expect(UserKey.bytes([]).typeCode == 4)
    }

    @Test("a key read back from its type code and bytes is the key written")
    func keyFromTypeAndBytes() {
        for key: UserKey in [.int(0), .int(-1), .int(Int64.min), .int(1 << 40), .string(""), .string("é"), .bytes([]), .bytes([0, 255])] {
            #expect(UserKey(typeCode: key.typeCode, bytes: key.digestBytes) == key)
        }
        #expect(UserKey(typeCode: 1, bytes: [1, 2, 3]) == nil)
        #expect(UserKey(typeCode: 2, bytes: [UInt8](repeating: 0, count: 8)) == nil)
    }
}

private func bytes(_ hex: String) -> [UInt8] {
    Hex.decode(hex)!
}

@Suite("Digest as a dictionary key")
struct DigestHashingTests {
    /// Digests hash by their bytes: equal digests made different ways find each other,
    /// and a thousand keys' digests stay a thousand set members.
    @Test func equalDigestsHashAlikeAndDistinctOnesStayDistinct() throws {
        let digests = (0..<1000).map { Digest.compute(set: "demo", userKey: .int(Int64($0))) }
        #expect(Set(digests).count == 1000)
        let again = try #require(Digest(hex: digests[7].hex))
        #expect(Set(digests).contains(again))
        #expect([digests[7]: "seven"][again] == "seven")
        #expect(again.hashValue == digests[7].hashValue)
    }

    /// A key as written computes its digest when asked, and is the same key as one hashed
    /// at once: equal, with the same hash, in sets and dictionaries alike.
    @Test func aWrittenKeyIsTheSameKeyAsAHashedOne() {
        let keys: [UserKey] = [.string("user1"), .int(-7), .bytes([0, 1, 2]), .string(String(repeating: "long", count: 40))]
        for set in [nil, "demo"] as [String?] {
            for userKey in keys {
                let written = Key(namespace: "test", set: set, writtenKey: userKey)
                let eager = Key(namespace: "test", set: set, userKey: userKey)
                #expect(!written.isHashed && eager.isHashed)
                #expect(written.digest == eager.digest)
                #expect(written.hashed().isHashed && written.hashed().digest == eager.digest)
                #expect(written == eager && written.hashed() == eager)
                #expect(Set([written, eager, written.hashed()]).count == 1)
                #expect(written.hashValue == eager.hashValue)
            }
        }
        // A changed set or user key is a different record: its digest follows.
        var moved = Key(namespace: "test", set: "a", userKey: .int(1))
        moved.set = "b"
        #expect(moved.digest == Key(namespace: "test", set: "b", userKey: .int(1)).digest)
        moved.userKey = .int(2)
        #expect(moved.digest == Key(namespace: "test", set: "b", userKey: .int(2)).digest)
        // Keys given by digest alone compare digests.
        let first = Key(namespace: "test", set: nil, userKey: nil, digest: eagerDigest(1))
        let second = Key(namespace: "test", set: nil, userKey: nil, digest: eagerDigest(2))
        #expect(first != second && first == Key(namespace: "test", set: nil, userKey: nil, digest: eagerDigest(1)))
    }

    private func eagerDigest(_ seed: Int) -> Digest {
        Digest.compute(set: nil, userKey: .int(Int64(seed)))
    }
}
