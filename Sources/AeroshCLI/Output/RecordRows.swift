import AerospikeCore
import AeroshLanguage

/// The records a result row holds, for the row-oriented formats (CSV, RAW): each with its
/// key and, for a batch, the outcome of a key that has no record.
enum RecordRows {
    enum Row {
        case record(Record)
        case missing(Key, ResultCode)
        case metadata(Key, RecordMetadata?)
    }

    static func rows(_ row: ResultRow) -> [Row] {
        switch row {
        case .record(let record): [.record(record)]
        case .ordered(let record, let results): [.record(Record(key: record.key, metadata: record.metadata, bins: results))]
        case .exists(let key, let metadata): [.metadata(key, metadata)]
        case .written, .removed, .filteredOut, .count, .info, .values, .done, .footnote: []
        case .batch(let entry): [self.row(entry)]
        }
    }

    /// One key of a batch: its record, or why it has none.
    static func row(_ entry: BatchRecord) -> Row {
        switch entry.outcome {
        case .record(let record): .record(record)
        case .notFound: .missing(entry.key, .recordNotFound)
        case .failed(let code): .missing(entry.key, code)
        }
    }

    /// A value as plain text: strings unquoted, numbers as numbers, bytes in hex,
    /// lists and maps as JSON.
    static func plainText(_ value: Value) -> String {
        switch value {
        case .nil: return ""
        case .string(let text): return text
        case .bytes(let bytes): return Hex.encode(bytes)
        case .int, .double, .bool, .list, .map, .geoJSON:
            return JSONText.text(value)
        }
    }

    static func keyText(_ key: Key) -> String {
        switch key.userKey {
        case .string(let text)?: text
        case .int(let value)?: String(value)
        case .bytes(let bytes)?: Hex.encode(bytes)
        case nil: key.digest.hex
        }
    }
}
