import AerospikeCore
import NIOCore

/// One key of a batch-index request (field 41), with the REPEAT shorthand resolved: every
/// entry carries its own namespace, set, flags and operations.
public struct BatchEntry: Sendable, Hashable {
    /// Position in the caller's list, echoed in the reply's transaction_ttl.
    public var index: UInt32
    public var digest: Digest
    public var readFlags: ReadFlags
    public var writeFlags: WriteFlags
    public var infoFlags: InfoFlags
    public var generation: UInt16
    public var recordTTL: UInt32
    public var fields: [WireField]
    public var operations: [WireOperation]

    public init(
        index: UInt32, digest: Digest, readFlags: ReadFlags = [], writeFlags: WriteFlags = [], infoFlags: InfoFlags = [],
        generation: UInt16 = 0, recordTTL: UInt32 = 0, fields: [WireField] = [], operations: [WireOperation] = []
    ) {
        self.index = index
        self.digest = digest
        self.readFlags = readFlags
        self.writeFlags = writeFlags
        self.infoFlags = infoFlags
        self.generation = generation
        self.recordTTL = recordTTL
        self.fields = fields
        self.operations = operations
    }

    public func field(_ type: FieldType) -> WireField? {
        fields.first { $0.type == type }
    }
}

/// The batch-index field: a count, parent flags, then one entry per key.
public struct BatchIndexRequest: Sendable, Hashable {
    /// Parent flags (0x01 inline, 0x02 inline SSD, 0x04 respond all keys, 0x08 report error record).
    public var flags: UInt8
    public var entries: [BatchEntry]

    public init(flags: UInt8 = 0x0D, entries: [BatchEntry]) {
        self.flags = flags
        self.entries = entries
    }

    private enum EntryFlags {
        static let repeatPrevious: UInt8 = 0x01
        static let info: UInt8 = 0x02
        static let generation: UInt8 = 0x04
        static let ttl: UInt8 = 0x08
        static let info4: UInt8 = 0x10
    }

    public static func decode(_ field: ByteBuffer) throws(AerospikeError) -> BatchIndexRequest {
        var buffer = field
        guard let count = buffer.readInteger(as: UInt32.self), let flags = buffer.readInteger(as: UInt8.self) else {
            throw .malformed("the batch field is truncated")
        }
        // Each entry takes at least 25 bytes (index, digest, flags).
        guard Int(count) <= buffer.readableBytes / 25 else {
            throw .malformed("the batch field announces \(count) keys in \(bytesPhrase(buffer.readableBytes))")
        }
        var entries: [BatchEntry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let index = buffer.readInteger(as: UInt32.self), let digestBytes = buffer.readBytes(length: Digest.byteCount),
                  let entryFlags = buffer.readInteger(as: UInt8.self)
            else { throw .malformed("a batch entry is truncated") }
            let digest = Digest(digestBytes)!
            if entryFlags & EntryFlags.repeatPrevious != 0 {
                guard var previous = entries.last else { throw .malformed("the first batch entry cannot repeat a previous one") }
                previous.index = index
                previous.digest = digest
                entries.append(previous)
                continue
            }
            var entry = BatchEntry(index: index, digest: digest)
            guard let readFlags = buffer.readInteger(as: UInt8.self) else { throw .malformed("a batch entry is truncated") }
            entry.readFlags = ReadFlags(rawValue: readFlags)
            if entryFlags & EntryFlags.info != 0 {
                guard let write = buffer.readInteger(as: UInt8.self), let info = buffer.readInteger(as: UInt8.self) else {
                    throw .malformed("a batch entry is truncated")
                }
                entry.writeFlags = WriteFlags(rawValue: write)
                entry.infoFlags = InfoFlags(rawValue: info)
            }
            if entryFlags & EntryFlags.info4 != 0 {
                guard buffer.readInteger(as: UInt8.self) != nil else { throw .malformed("a batch entry is truncated") }
            }
            if entryFlags & EntryFlags.generation != 0 {
                guard let generation = buffer.readInteger(as: UInt16.self) else { throw .malformed("a batch entry is truncated") }
                entry.generation = generation
            }
            if entryFlags & EntryFlags.ttl != 0 {
                guard let ttl = buffer.readInteger(as: UInt32.self) else { throw .malformed("a batch entry is truncated") }
                entry.recordTTL = ttl
            }
            guard let fieldCount = buffer.readInteger(as: UInt16.self), let operationCount = buffer.readInteger(as: UInt16.self) else {
                throw .malformed("a batch entry is truncated")
            }
            (entry.fields, entry.operations) = try WireMessage.readFieldsAndOperations(
                fieldCount: Int(fieldCount), operationCount: Int(operationCount), from: &buffer)
            entries.append(entry)
        }
        return BatchIndexRequest(flags: flags, entries: entries)
    }

    /// The field's bytes; an entry repeats the previous one's namespace, set, flags and
    /// operations with the REPEAT flag when they are the same.
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(entries.count))
        buffer.writeInteger(flags)
        var previous: BatchEntry?
        for entry in entries {
            buffer.writeInteger(entry.index)
            buffer.writeBytes(entry.digest.bytes)
            if let previous, previous.sameCommand(as: entry) {
                buffer.writeInteger(EntryFlags.repeatPrevious)
                continue
            }
            let hasWrite = !entry.writeFlags.isEmpty || !entry.infoFlags.isEmpty
            var entryFlags: UInt8 = EntryFlags.ttl
            if hasWrite { entryFlags |= EntryFlags.info | EntryFlags.generation }
            if !hasWrite && entry.readFlags.isEmpty == false { entryFlags |= EntryFlags.info }
            buffer.writeInteger(entryFlags)
            buffer.writeInteger(entry.readFlags.rawValue)
            if entryFlags & EntryFlags.info != 0 {
                buffer.writeInteger(entry.writeFlags.rawValue)
                buffer.writeInteger(entry.infoFlags.rawValue)
            }
            if entryFlags & EntryFlags.generation != 0 { buffer.writeInteger(entry.generation) }
            buffer.writeInteger(entry.recordTTL)
            buffer.writeInteger(UInt16(entry.fields.count))
            buffer.writeInteger(UInt16(entry.operations.count))
            for field in entry.fields {
                buffer.writeInteger(UInt32(field.data.readableBytes + 1))
                buffer.writeInteger(field.type.rawValue)
                var data = field.data
                buffer.writeBuffer(&data)
            }
            for operation in entry.operations {
                WireMessage.write(operation, to: &buffer)
            }
            previous = entry
        }
        return buffer
    }
}

extension BatchEntry {
    func sameCommand(as other: BatchEntry) -> Bool {
        readFlags == other.readFlags && writeFlags == other.writeFlags && infoFlags == other.infoFlags
            && generation == other.generation && recordTTL == other.recordTTL && fields == other.fields
            && operations == other.operations
    }
}
