/// RIPEMD-160 (Dobbertin, Bosselaers and Preneel, 1996): the hash Aerospike uses to turn a
/// set name and user key into a record digest.
///
/// Written here from the published specification so the codec needs no crypto library.
/// It is not constant-time: digests of keys are not secrets.
public struct RIPEMD160: Sendable {
    public static let byteCount = 20
    static let blockSize = 64

    private var state = ChainingState()
    /// Input not yet compressed (the first `pendingCount` bytes): always less than a block
    /// between calls. Kept inline, so hashing a key allocates nothing until the digest.
    private var pending = Block()
    private var pendingCount = 0
    /// Bytes absorbed so far; the padding records it modulo 2^64 as the specification says.
    private var length: UInt64 = 0

    public init() {}

    /// Absorbs bytes. Contiguous inputs (arrays, native strings' `utf8`, `ByteBufferView`)
    /// are hashed in place; other sequences are gathered into chunks first.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled != nil { return }

        var chunk: [UInt8] = []
        chunk.reserveCapacity(256)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 256 {
                chunk.withUnsafeBytes { update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.withUnsafeBytes { update($0) }
    }

    /// Absorbs bytes, compressing whole 64-byte blocks straight from `bytes` without copying.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var offset = 0

        if pendingCount > 0 {
            let take = min(Self.blockSize - pendingCount, bytes.count)
            pending.store(UnsafeRawBufferPointer(start: base, count: take), at: pendingCount)
            pendingCount += take
            offset = take
            guard pendingCount == Self.blockSize else { return }
            let block = pending
            withUnsafeBytes(of: block) { state.compress($0.baseAddress!) }
            pendingCount = 0
        }
        while bytes.count - offset >= Self.blockSize {
            state.compress(base + offset)
            offset += Self.blockSize
        }
        if offset < bytes.count {
            pending.store(UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset), at: 0)
            pendingCount = bytes.count - offset
        }
    }

    /// Pads the message and returns the 20-byte digest. The hasher starts over afterwards,
    /// so it can be reused for the next message.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        // A 1 bit, zeros up to 56 mod 64, then the bit length as a little-endian u64: at
        // most 1 + 63 + 8 bytes, built in two zeroed blocks on the stack.
        let used = (pendingCount + 1) % Self.blockSize
        let zeros = used <= 56 ? 56 - used : 120 - used
        var tail = (Block(), Block())
        withUnsafeMutableBytes(of: &tail) { raw in
            raw[0] = 0x80
            raw.storeBytes(of: bitLength.littleEndian, toByteOffset: 1 + zeros, as: UInt64.self)
        }
        withUnsafeBytes(of: tail) { update(UnsafeRawBufferPointer(rebasing: $0[..<(1 + zeros + 8)])) }
        assert(pendingCount == 0, "RIPEMD-160 padding must end on a block boundary")

        let digest = state.bytes
        self = RIPEMD160()
        return digest
    }

    /// The digest of a message of at most 55 bytes given as a prefix, one byte and a
    /// suffix (a record key's set, type and value): one block, padded where it is built,
    /// compressed once. Nil when the message is longer. A key's digest took three
    /// `update`s and a padding `update`, a third as much work again as the compression.
    static func hashShort(_ prefix: UnsafeRawBufferPointer, _ middle: UInt8, _ suffix: UnsafeRawBufferPointer) -> [UInt8]? {
        let count = prefix.count + 1 + suffix.count
        guard count <= blockSize - 9 else { return nil }
        var block = Block()
        block.store(prefix, at: 0)
        withUnsafeBytes(of: middle) { block.store($0, at: prefix.count) }
        block.store(suffix, at: prefix.count + 1)
        withUnsafeBytes(of: UInt8(0x80)) { block.store($0, at: count) }
        withUnsafeBytes(of: (UInt64(count) &* 8).littleEndian) { block.store($0, at: blockSize - 8) }
        var state = ChainingState()
        withUnsafeBytes(of: block) { state.compress($0.baseAddress!) }
        return state.bytes
    }

    /// The digest of one message.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = RIPEMD160()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// The five 32-bit words carried from block to block.
struct ChainingState: Sendable {
    var h0: UInt32 = 0x6745_2301
    var h1: UInt32 = 0xEFCD_AB89
    var h2: UInt32 = 0x98BA_DCFE
    var h3: UInt32 = 0x1032_5476
    var h4: UInt32 = 0xC3D2_E1F0

    var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: RIPEMD160.byteCount) { out, count in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.storeBytes(of: h0.littleEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: h1.littleEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: h2.littleEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: h3.littleEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: h4.littleEndian, toByteOffset: 16, as: UInt32.self)
            count = RIPEMD160.byteCount
        }
    }
}

/// 64 bytes held inline (no heap storage): one block of input.
private struct Block: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// Copies `bytes` in at byte `offset`; they must fit.
    mutating func store(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard !bytes.isEmpty else { return }
        withUnsafeMutableBytes(of: &words) { raw in
            precondition(offset + bytes.count <= raw.count)
            raw.baseAddress!.advanced(by: offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
    }
}
