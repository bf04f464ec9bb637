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

    /// The digest of one message.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = RIPEMD160()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// The five 32-bit words carried from block to block.
private struct ChainingState: Sendable {
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

    /// Runs the two parallel lines of 80 steps over one 64-byte block: five rounds of 16,
    /// each with its own boolean function, so no step chooses its function at run time
    /// (that choice, made per step, was half the time of a key's digest).
    mutating func compress(_ block: UnsafeRawPointer) {
        var left = Line(h0, h1, h2, h3, h4)
        var right = left
        Schedule.table.withUnsafeBufferPointer { table in
            left.round(0, block, table, constant: 0x0000_0000) { x, y, z in x ^ y ^ z }
            right.round(80, block, table, constant: 0x50A2_8BE6) { x, y, z in x ^ (y | ~z) }
            left.round(16, block, table, constant: 0x5A82_7999) { x, y, z in (x & y) | (~x & z) }
            right.round(96, block, table, constant: 0x5C4D_D124) { x, y, z in (x & z) | (y & ~z) }
            left.round(32, block, table, constant: 0x6ED9_EBA1) { x, y, z in (x | ~y) ^ z }
            right.round(112, block, table, constant: 0x6D70_3EF3) { x, y, z in (x | ~y) ^ z }
            left.round(48, block, table, constant: 0x8F1B_BCDC) { x, y, z in (x & z) | (y & ~z) }
            right.round(128, block, table, constant: 0x7A6D_76E9) { x, y, z in (x & y) | (~x & z) }
            left.round(64, block, table, constant: 0xA953_FD4E) { x, y, z in x ^ (y | ~z) }
            right.round(144, block, table, constant: 0x0000_0000) { x, y, z in x ^ y ^ z }
        }
        let t = h1 &+ left.c &+ right.d
        h1 = h2 &+ left.d &+ right.e
        h2 = h3 &+ left.e &+ right.a
        h3 = h4 &+ left.a &+ right.b
        h4 = h0 &+ left.b &+ right.c
        h0 = t
    }
}

/// One of the two lines' five working words.
private struct Line {
    var a, b, c, d, e: UInt32

    init(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ e: UInt32) {
        (self.a, self.b, self.c, self.d, self.e) = (a, b, c, d, e)
    }

    /// Sixteen steps: `first` indexes the line's word order in the schedule (its
    /// rotations are 160 further on).
    @inline(__always)
    mutating func round(
        _ first: Int, _ block: UnsafeRawPointer, _ table: UnsafeBufferPointer<UInt8>, constant: UInt32,
        _ f: (UInt32, UInt32, UInt32) -> UInt32
    ) {
        for step in first..<(first &+ 16) {
            let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: Int(table[step]) &* 4, as: UInt32.self))
            var t = a &+ f(b, c, d) &+ word &+ constant
            t = Line.rotate(t, table[160 &+ step]) &+ e
            a = e; e = d; d = Line.rotate(c, 10); c = b; b = t
        }
    }

    @inline(__always)
    static func rotate(_ x: UInt32, _ count: UInt8) -> UInt32 {
        (x &<< UInt32(count)) | (x &>> (32 &- UInt32(count)))
    }
}

/// The specification's message-word orders and rotation amounts in one table, so a block
/// needs a single buffer access: [0, 80) left words, [80, 160) right words,
/// [160, 240) left rotations, [240, 320) right rotations.
private enum Schedule {
    static let table: [UInt8] = [
        // left word order
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
        3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
        1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
        4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
        // right word order
        5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
        6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
        15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
        8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
        12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
        // left rotations
        11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
        7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
        11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
        11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
        9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
        // right rotations
        8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
        9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
        9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
        15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
        8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
    ]
}

/// 64 bytes held inline (no heap storage): one block of input.
private struct Block: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// Copies `bytes` in at byte `offset`; they must fit.
    mutating func store(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        withUnsafeMutableBytes(of: &words) { raw in
            precondition(offset + bytes.count <= raw.count)
            raw.baseAddress!.advanced(by: offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
    }
}
