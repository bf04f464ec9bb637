import AerospikeCore
import AeroshLanguage

/// JSON text for values and keys, written by hand so output streams without building
/// documents and keeps Foundation off the start-up path.
///
/// Types JSON lacks become one-key objects: `{"$bytes": "<base64>"}`, `{"$geojson": "…"}`,
/// `{"$map": [[k, v], …]}` for maps whose keys are not all strings, `{"$double": "nan"}`.
enum JSONText {
    static func write(_ value: Value, to out: inout String) {
        switch value {
        case .nil: out += "null"
        case .int(let int): out += String(int)
        case .double(let double):
            if double.isFinite {
                out += ValueLiteral.render(double)
            } else {
                out += "{\"$double\": \"\(ValueLiteral.render(double))\"}"
            }
        case .bool(let bool): out += bool ? "true" : "false"
        case .string(let string): writeString(string, to: &out)
        case .bytes(let bytes): out += "{\"$bytes\": \"\(Base64.encode(bytes))\"}"
        case .geoJSON(let text):
            out += "{\"$geojson\": "
            writeString(text, to: &out)
            out += "}"
        case .list(let items, _):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                write(item, to: &out)
            }
            out += "]"
        case .map(let entries):
            let stringKeys = entries.allSatisfy { if case .string = $0.key { true } else { false } }
            if stringKeys {
                out += "{"
                for (index, entry) in entries.enumerated() {
                    if index > 0 { out += ", " }
                    if case .string(let key) = entry.key { writeString(key, to: &out) }
                    out += ": "
                    write(entry.value, to: &out)
                }
                out += "}"
            } else {
                out += "{\"$map\": ["
                for (index, entry) in entries.enumerated() {
                    if index > 0 { out += ", " }
                    out += "["
                    write(entry.key, to: &out)
                    out += ", "
                    write(entry.value, to: &out)
                    out += "]"
                }
                out += "]}"
            }
        }
    }

    /// `{"namespace": "test", "set": "demo", "pk": "user1", "digest": "…"}`
    static func write(_ key: Key, to out: inout String) {
        out += "{\"namespace\": "
        writeString(key.namespace, to: &out)
        out += ", \"set\": "
        if let set = key.set { writeString(set, to: &out) } else { out += "null" }
        out += ", \"pk\": "
        switch key.userKey {
        case .string(let string)?: writeString(string, to: &out)
        case .int(let int)?: out += String(int)
        case .bytes(let bytes)?: write(.bytes(bytes), to: &out)
        case nil: out += "null"
        }
        out += ", \"digest\": \"\(key.digest.hex)\"}"
    }

    /// `{"gen": 1, "ttl": 2592000}`, ttl -1 for a record that never expires.
    static func write(_ metadata: RecordMetadata, to out: inout String) {
        let ttl: String
        switch metadata.ttl {
        case .never: ttl = "-1"
        case .seconds(let seconds): ttl = String(seconds)
        }
        out += "{\"gen\": \(metadata.generation), \"ttl\": \(ttl)}"
    }

    static func writeString(_ text: String, to out: inout String) {
        out += "\""
        // Most strings need no escape: appended whole, not a scalar at a time (that loop
        // was a tenth of a piped GET's time in JSON output).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
