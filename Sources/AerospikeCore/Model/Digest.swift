/// The 20-byte RIPEMD-160 digest that identifies a record inside a namespace.
///
/// The digest, not the user key, is what a server indexes and routes by; a key
/// given as `DIGEST x'…'` carries only this.
public struct Digest: Sendable, Hashable {
    public static let byteCount = 20

    public let bytes: [UInt8]

    /// Fails unless `bytes` holds exactly 20 bytes.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == Digest.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Parses 40 hexadecimal digits (either case).
    public init?(hex: some StringProtocol) {
        guard let bytes = Hex.decode(hex), bytes.count == Digest.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, as aql and the server logs print it.
    public var hex: String { Hex.encode(bytes) }

    /// The partition that owns the record: the first two bytes read little-endian, modulo 4096.
    public var partitionID: Int { (Int(bytes[0]) | Int(bytes[1]) << 8) & 0x0FFF }

    /// The 20 bytes in one call. The synthesized hash fed them to the hasher one at a
    /// time, after the count: about 5% of the embedded store's time for a script of PUTs,
    /// which keys its group's writes by digest.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

extension Digest: CustomStringConvertible {
    public var description: String { hex }
}
