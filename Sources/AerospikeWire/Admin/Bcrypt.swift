/// bcrypt (Provos and Mazières, 1999): the password hash Aerospike's internal
/// authentication sends as its credential.
///
/// Written here because no available package hashes with a caller-chosen salt, and the
/// Aerospike clients all hash with one fixed salt (`AerospikeCredential`).
public enum Bcrypt {
    public enum Failure: Error, Sendable, Hashable {
        /// The setting is not `$2a$`, `$2b$` or `$2y$`, two cost digits and 22 salt characters.
        case malformedSetting(String)
        case costOutOfRange(Int)
    }

    /// The 60-character hash of `password` under `setting` (`$2a$10$` and a 22-character
    /// salt; anything after the salt is ignored, so a whole hash can be passed to check a
    /// password against it).
    public static func hash(_ password: String, setting: String) throws(Failure) -> String {
        let chars = Array(setting.utf8)
        guard chars.count >= 29, chars[0] == UInt8(ascii: "$"), chars[1] == UInt8(ascii: "2"),
              [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(chars[2]),
              chars[3] == UInt8(ascii: "$"), chars[6] == UInt8(ascii: "$"),
              let tens = digit(chars[4]), let units = digit(chars[5]),
              let salt = BcryptBase64.decode(chars[7..<29], count: 16)
        else { throw .malformedSetting(setting) }
        let cost = tens * 10 + units
        guard (4...31).contains(cost) else { throw .costOutOfRange(cost) }
        let digest = hash(password: Array(password.utf8), salt: salt, cost: cost)
        let prefix = String(decoding: chars[0..<7], as: UTF8.self)
        return prefix + BcryptBase64.encode(salt) + BcryptBase64.encode(Array(digest.prefix(23)))
    }

    /// The 24 raw bytes: "OrpheanBeholderScryDoubt" enciphered 64 times under the
    /// expensive key schedule. (The text form keeps only 23 of them.)
    static func hash(password: [UInt8], salt: [UInt8], cost: Int) -> [UInt8] {
        // The key is the password with its terminating NUL, used cyclically; Blowfish reads
        // at most 72 bytes of it.
        let key = Array((password + [0]).prefix(72))
        var state = Blowfish()
        state.expandKey(key, salt: salt)
        for _ in 0..<(1 << cost) {
            state.expandKey(key)
            state.expandKey(salt)
        }
        var text: [UInt32] = [0x4f72_7068, 0x6561_6e42, 0x6568_6f6c, 0x6465_7253, 0x6372_7944, 0x6f75_6274]
        for _ in 0..<64 {
            for pair in stride(from: 0, to: 6, by: 2) {
                (text[pair], text[pair + 1]) = state.encipher(text[pair], text[pair + 1])
            }
        }
        return text.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}

/// Blowfish's subkeys, with the Eksblowfish key schedule bcrypt builds on.
struct Blowfish {
    private var p = BlowfishInitialState.p
    private var s = BlowfishInitialState.s

    /// F: the four S-box lookups of a round.
    @inline(__always)
    private static func f(_ x: UInt32, _ s: UnsafeMutableBufferPointer<UInt32>) -> UInt32 {
        ((s[Int(x >> 24)] &+ s[256 + Int(x >> 16 & 0xFF)]) ^ s[512 + Int(x >> 8 & 0xFF)]) &+ s[768 + Int(x & 0xFF)]
    }

    @inline(__always)
    private static func encipher(_ left: UInt32, _ right: UInt32, p: UnsafeMutableBufferPointer<UInt32>, s: UnsafeMutableBufferPointer<UInt32>) -> (UInt32, UInt32) {
        var l = left, r = right
        for round in stride(from: 0, to: 16, by: 2) {
            l ^= p[round]
            r ^= f(l, s)
            r ^= p[round + 1]
            l ^= f(r, s)
        }
        return (r ^ p[17], l ^ p[16])
    }

    mutating func encipher(_ left: UInt32, _ right: UInt32) -> (UInt32, UInt32) {
        p.withUnsafeMutableBufferPointer { p in
            s.withUnsafeMutableBufferPointer { s in Blowfish.encipher(left, right, p: p, s: s) }
        }
    }

    /// Mixes `key` into the P-array, then re-derives every subkey by enciphering a running
    /// block XORed with `salt` (cyclically). An empty salt is the plain Blowfish schedule.
    mutating func expandKey(_ key: [UInt8], salt: [UInt8] = []) {
        p.withUnsafeMutableBufferPointer { p in
            s.withUnsafeMutableBufferPointer { s in
                var keyIndex = 0
                for i in 0..<18 {
                    p[i] ^= Blowfish.word(key, &keyIndex)
                }
                var saltIndex = 0
                var l: UInt32 = 0, r: UInt32 = 0
                let salted = !salt.isEmpty
                for i in stride(from: 0, to: 18, by: 2) {
                    if salted {
                        l ^= Blowfish.word(salt, &saltIndex)
                        r ^= Blowfish.word(salt, &saltIndex)
                    }
                    (l, r) = Blowfish.encipher(l, r, p: p, s: s)
                    p[i] = l
                    p[i + 1] = r
                }
                for i in stride(from: 0, to: 1024, by: 2) {
                    if salted {
                        l ^= Blowfish.word(salt, &saltIndex)
                        r ^= Blowfish.word(salt, &saltIndex)
                    }
                    (l, r) = Blowfish.encipher(l, r, p: p, s: s)
                    s[i] = l
                    s[i + 1] = r
                }
            }
        }
    }

    /// The next four bytes of `bytes`, read cyclically, as a big-endian word.
    @inline(__always)
    private static func word(_ bytes: [UInt8], _ index: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = word << 8 | UInt32(bytes[index])
            index = index + 1 == bytes.count ? 0 : index + 1
        }
        return word
    }
}

/// bcrypt's base64: its own alphabet, no padding.
enum BcryptBase64 {
    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let values: [Int8] = {
        var values = [Int8](repeating: -1, count: 256)
        for (index, char) in alphabet.enumerated() { values[Int(char)] = Int8(index) }
        return values
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if index + 1 < bytes.count { out.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) }
            if index + 2 < bytes.count { out.append(alphabet[Int(b2 & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first `count` bytes the characters spell, or nil if one is not in the alphabet.
    static func decode(_ chars: ArraySlice<UInt8>, count: Int) -> [UInt8]? {
        var bits: UInt32 = 0
        var held = 0
        var out: [UInt8] = []
        for char in chars {
            let value = values[Int(char)]
            guard value >= 0 else { return nil }
            bits = bits << 6 | UInt32(value)
            held += 6
            if held >= 8 {
                held -= 8
                out.append(UInt8(truncatingIfNeeded: bits >> UInt32(held)))
                if out.count == count { return out }
            }
        }
        return out.count == count ? out : nil
    }
}
