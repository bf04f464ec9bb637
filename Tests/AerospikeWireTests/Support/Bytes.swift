import AerospikeCore
import NIOCore

/// Hex with spaces allowed, as the captures print it: `"92 01 a2 03 78"`.
func bytes(_ hex: String) -> [UInt8] {
    guard let decoded = Hex.decode(hex.filter { !$0.isWhitespace }) else {
        fatalError("bad hex in test: \(hex)")
    }
    return decoded
}

func buffer(_ hex: String) -> ByteBuffer {
    ByteBuffer(bytes: bytes(hex))
}

func hex(_ buffer: ByteBuffer) -> String {
    Hex.encode(buffer.readableBytesView)
}

/// Equality that tells -0.0 from 0.0 and matches NaN with the same NaN: a codec must keep
/// a double's exact bits, which `==` on `Double` does not check.
func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)):
        return x.bitPattern == y.bitPattern
    case (.list(let xs, let xOrdered), .list(let ys, let yOrdered)):
        return xOrdered == yOrdered && xs.count == ys.count && zip(xs, ys).allSatisfy { identical($0, $1) }
    case (.map(let xs), .map(let ys)):
        return xs.count == ys.count
            && zip(xs, ys).allSatisfy { identical($0.key, $1.key) && identical($0.value, $1.value) }
    default:
        return a == b
    }
}
