import AerospikeCore

/// A record's size as an Aerospike 8.x server counts it against the namespace's
/// `max-record-size` (1 MiB by default): the size of its flat (stored) form plus a 4-byte
/// end mark, refused with RECORD_TOO_BIG when over the limit.
///
/// The flat form (CE, `as/src/storage/flat.c`): a 35-byte header (magic, flags, digest,
/// last-update time and generation); the void time (4 bytes) when the record expires; the
/// set name (1 + length) when it has one; the stored key (a varint length, then type byte
/// and key) when written with send-key; the bin count as a varint; then per bin its name
/// (1 + length) and its particle: strings, blobs, lists and maps 5 + data, integers 3, 4,
/// 6 or 10 by magnitude (10 for any negative), floats 9, booleans 2.
public enum RecordSize {
    /// What a server adds to the flat form when it checks the limit.
    public static let endMarkBytes = 4
    static let headerBytes = 35

    /// The size checked against the limit.
    public static func checked(setName: String?, storedKey: UserKey?, expires: Bool, bins: [Bin]) -> Int {
        var size = headerBytes + endMarkBytes
        if expires { size += 4 }
        if let setName, !setName.isEmpty { size += 1 + setName.utf8.count }
        if let storedKey {
            let keyBytes = 1 + storedKey.digestBytes.count
            size += varintBytes(keyBytes) + keyBytes
        }
        if !bins.isEmpty { size += varintBytes(bins.count) }
        for bin in bins {
            size += 1 + bin.name.utf8.count + particleBytes(bin.value)
        }
        return size
    }

    /// A bin's particle in the flat form.
    static func particleBytes(_ value: Value) -> Int {
        switch value {
        case .nil: 0
        case .bool: 2
        case .double: 9
        case .int(let number):
            switch number {
            case ..<0: 10
            case ...0xff: 3
            case ...0xffff: 4
            case ...0xffff_ffff: 6
            default: 10
            }
        case .string(let text): 5 + text.utf8.count
        case .bytes(let bytes): 5 + bytes.count
        // The cells a server indexes a GeoJSON value by are not known here; one cell (a
        // point's) is assumed.
        case .geoJSON(let text): 5 + 1 + 2 + 8 + text.utf8.count
        case .list, .map: 5 + messagePackBytes(value)
        }
    }

    /// The length of `value` in Aerospike's msgpack, as the clients write it (strings and
    /// blobs as str with a leading particle-type byte, integers in their smallest form,
    /// floats as float64).
    public static func messagePackBytes(_ value: Value) -> Int {
        switch value {
        case .nil, .bool: 1
        case .double: 9
        case .int(let number) where number >= 0:
            switch number {
            case ..<0x80: 1
            case ...0xff: 2
            case ...0xffff: 3
            case ...0xffff_ffff: 5
            default: 9
            }
        case .int(let number):
            switch number {
            case (-32)...: 1
            case Int64(Int8.min)...: 2
            case Int64(Int16.min)...: 3
            case Int64(Int32.min)...: 5
            default: 9
            }
        case .string(let text): strBytes(1 + text.utf8.count)
        case .geoJSON(let text): strBytes(1 + text.utf8.count)
        case .bytes(let bytes): strBytes(1 + bytes.count)
        case .list(let items, let ordered):
            // An ordered list leads with a 3-byte ext element holding its flags.
            ordered
                ? items.reduce(containerHeaderBytes(items.count + 1) + 3) { $0 + messagePackBytes($1) }
                : items.reduce(containerHeaderBytes(items.count)) { $0 + messagePackBytes($1) }
        case .map(let entries):
            entries.reduce(containerHeaderBytes(entries.count)) { $0 + messagePackBytes($1.key) + messagePackBytes($1.value) }
        }
    }

    private static func strBytes(_ payload: Int) -> Int {
        switch payload {
        case ..<32: 1 + payload
        case ..<0x100: 2 + payload
        case ..<0x1_0000: 3 + payload
        default: 5 + payload
        }
    }

    private static func containerHeaderBytes(_ count: Int) -> Int {
        switch count {
        case ..<16: 1
        case ..<0x1_0000: 3
        default: 5
        }
    }

    /// Bytes of an unsigned LEB128-style varint, as the flat form stores lengths.
    static func varintBytes(_ value: Int) -> Int {
        var bytes = 1
        var rest = value >> 7
        while rest > 0 {
            bytes += 1
            rest >>= 7
        }
        return bytes
    }
}
