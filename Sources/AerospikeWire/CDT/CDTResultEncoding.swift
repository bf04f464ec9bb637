import AerospikeCore
import NIOCore

/// How a server writes a CDT operation's result in its reply.
///
/// A map result carries the flags of the map a server built for it, as a leading ext:
/// KEY_VALUE results are marked "preserve order" (0x08), so a client keeps the entries in
/// selection order (the C client hands them over as a list of pairs), and ORDERED_MAP
/// results are marked key-ordered (0x01). `Value` has no room for those flags, so they are
/// added here, from the operation that asked.
public enum CDTResultEncoding {
    static let preserveOrder: UInt8 = 0x08
    static let keyOrdered: UInt8 = 0x01

    /// The reply operation carrying `bin`, the result of `request`, with the request's type.
    public static func operation(_ type: OperationType, _ bin: Bin, request: WireOperation?) -> WireOperation {
        guard let request, CDTCodec.isCDT(request), case .map(let entries) = bin.value,
              let flags = mapFlags(request) else {
            return WireOperation(type, bin: bin)
        }
        var buffer = ByteBuffer()
        MessagePackEncoder.writeHeader(count: entries.count + 1, fix: 0x80, fixLimit: 16, marker16: 0xde, marker32: 0xdf, to: &buffer)
        buffer.writeBytes([0xc7, 0x00, flags, 0xc0])
        for entry in entries {
            MessagePackEncoder.write(entry.key, to: &buffer)
            MessagePackEncoder.write(entry.value, to: &buffer)
        }
        return WireOperation(type, particleType: ParticleType.map.rawValue, binName: bin.name, value: buffer)
    }

    private static func mapFlags(_ request: WireOperation) -> UInt8? {
        guard let operation = try? CDTCodec.decode(request), case .map(let map) = operation.action else { return nil }
        let returning: CDTReturn
        switch map {
        case .getBy(_, let selected), .removeBy(_, let selected): returning = selected
        case .setOrder, .put, .putItems, .increment, .decrement, .clear, .size: return nil
        }
        switch returning.type {
        case .keyValue: return preserveOrder
        case .orderedMap: return keyOrdered
        default: return nil
        }
    }
}
