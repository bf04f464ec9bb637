import AerospikeCore
import AerospikeWire
import NIOCore

/// The bytes the store keeps for a record's bins: per bin, the name, the particle type and
/// the particle bytes a server would hold.
///
/// Layout: u16 bin count, then per bin u8 name length, name, u8 particle type,
/// u32 value length, value — all big-endian, like the wire.
enum BinBlob {
    /// The file format's own bound (a server's largest write block, 8 MiB): the record
    /// engine already refuses records over the namespace's `max-record-size`.
    static let maxRecordBytes = 8 * 1024 * 1024

    static func encode(_ bins: [Bin], key: Key) throws(AerospikeError) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        buffer.writeInteger(UInt16(bins.count))
        for bin in bins {
            buffer.writeInteger(UInt8(bin.name.utf8.count))
            buffer.writeString(bin.name)
            buffer.writeInteger(ParticleCodec.type(of: bin.value).rawValue)
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(UInt32(0))
            ParticleCodec.write(bin.value, to: &buffer)
            buffer.setInteger(UInt32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
        }
        guard buffer.readableBytes <= maxRecordBytes else {
            throw AerospikeError(.recordTooBig, key: key, message: "record of \(buffer.readableBytes) bytes is over the \(maxRecordBytes)-byte limit")
        }
        return Array(buffer.readableBytesView)
    }

    static func decode(_ bytes: [UInt8]) throws(AerospikeError) -> [Bin] {
        var buffer = ByteBuffer(bytes: bytes)
        guard let count = buffer.readInteger(as: UInt16.self) else { throw corrupt() }
        var bins: [Bin] = []
        bins.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let nameLength = buffer.readInteger(as: UInt8.self),
                  let name = buffer.readString(length: Int(nameLength)),
                  let type = buffer.readInteger(as: UInt8.self),
                  let length = buffer.readInteger(as: UInt32.self),
                  let slice = buffer.readSlice(length: Int(length))
            else { throw corrupt() }
            bins.append(Bin(name, try ParticleCodec.read(type: type, from: slice)))
        }
        return bins
    }

    /// The bin names alone, skipping the values (for completion in a shell).
    static func names(_ bytes: [UInt8]) throws(AerospikeError) -> [String] {
        var buffer = ByteBuffer(bytes: bytes)
        guard let count = buffer.readInteger(as: UInt16.self) else { throw corrupt() }
        var names: [String] = []
        names.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let nameLength = buffer.readInteger(as: UInt8.self),
                  let name = buffer.readString(length: Int(nameLength)),
                  buffer.readInteger(as: UInt8.self) != nil,
                  let length = buffer.readInteger(as: UInt32.self),
                  buffer.readableBytes >= Int(length)
            else { throw corrupt() }
            buffer.moveReaderIndex(forwardBy: Int(length))
            names.append(name)
        }
        return names
    }

    private static func corrupt() -> AerospikeError {
        AerospikeError(.serverError, message: "a stored record is corrupt")
    }
}

/// The store's decoding of a record's `bins` column, public for the fuzz targets
/// (Tests/Fuzz) and for tools that read a store file: the same code the store runs.
public enum StoredRecordDecoding {
    /// The bins of a stored record; throws `serverError` ("a stored record is corrupt")
    /// for bytes the store did not write.
    public static func decode(_ bytes: [UInt8]) throws(AerospikeError) -> [Bin] {
        try BinBlob.decode(bytes)
    }

    /// The bin names alone, as completion reads them.
    public static func names(_ bytes: [UInt8]) throws(AerospikeError) -> [String] {
        try BinBlob.names(bytes)
    }
}
