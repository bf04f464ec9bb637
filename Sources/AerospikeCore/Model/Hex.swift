/// Hexadecimal text for byte strings (digests, bytes literals).
public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        encode(bytes, appendingTo: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex digits appended to `out`, for text built as bytes.
    public static func encode(_ bytes: some Sequence<UInt8>, appendingTo out: inout [UInt8]) {
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0F))
        }
    }

    /// The same for an array, the common case (digests, blobs): written in place. The
    /// generic version, not specialized across modules, went through the sequence's
    /// witnesses for every byte: 10k instructions for a digest, half the time of a JSON
    /// line of a batch read.
    public static func encode(_ bytes: [UInt8], appendingTo out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bytes.count * 2))
        out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                var index = start
                for byte in source {
                    target[index] = digit(byte >> 4)
                    target[index + 1] = digit(byte & 0x0F)
                    index += 2
                }
            }
        }
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        encode(bytes, appendingTo: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
    }

    /// Decodes an even number of hex digits; nil on any other character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
