import AerospikeCore
import AeroshLanguage

/// JSON text for values and keys, written by hand so output streams without building
/// documents and keeps Foundation off the start-up path. It is written as UTF-8 bytes:
/// appending to a `String` piece by piece was a quarter of a 5,000-key BATCH READ's
/// client time in JSON lines.
///
/// Types JSON lacks become one-key objects: `{"$bytes": "<base64>"}`, `{"$geojson": "…"}`,
/// `{"$map": [[k, v], …]}` for maps whose keys are not all strings, `{"$double": "nan"}`.
enum JSONText {
    static func write(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .nil: out.appendLiteral("null")
        case .int(let int): out.appendDecimal(int)
        case .double(let double):
            if double.isFinite {
                out.appendText(ValueLiteral.render(double))
            } else {
                out.appendLiteral("{\"$double\": \"")
                out.appendText(ValueLiteral.render(double))
                out.appendLiteral("\"}")
            }
        case .bool(let bool): out.appendLiteral(bool ? "true" : "false")
        case .string(let string): writeString(string, to: &out)
        case .bytes(let bytes):
            out.appendLiteral("{\"$bytes\": \"")
            out.appendText(Base64.encode(bytes))
            out.appendLiteral("\"}")
        case .geoJSON(let text):
            out.appendLiteral("{\"$geojson\": ")
            writeString(text, to: &out)
            out.appendLiteral("}")
        case .list(let items, _):
            out.appendLiteral("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.appendLiteral(", ") }
                write(item, to: &out)
            }
            out.appendLiteral("]")
        case .map(let entries):
            let stringKeys = entries.allSatisfy { if case .string = $0.key { true } else { false } }
            if stringKeys {
                out.appendLiteral("{")
                for (index, entry) in entries.enumerated() {
                    if index > 0 { out.appendLiteral(", ") }
                    if case .string(let key) = entry.key { writeString(key, to: &out) }
                    out.appendLiteral(": ")
                    write(entry.value, to: &out)
                }
                out.appendLiteral("}")
            } else {
                out.appendLiteral("{\"$map\": [")
                for (index, entry) in entries.enumerated() {
                    if index > 0 { out.appendLiteral(", ") }
                    out.appendLiteral("[")
                    write(entry.key, to: &out)
                    out.appendLiteral(", ")
                    write(entry.value, to: &out)
                    out.appendLiteral("]")
                }
                out.appendLiteral("]}")
            }
        }
    }

    /// A value as JSON text.
    static func text(_ value: Value) -> String {
        var out: [UInt8] = []
        write(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A record's bins as one object, as the map of their names would be written.
    static func write(_ bins: [Bin], to out: inout [UInt8]) {
        out.appendLiteral("{")
        for (index, bin) in bins.enumerated() {
            if index > 0 { out.appendLiteral(", ") }
            writeString(bin.name, to: &out)
            out.appendLiteral(": ")
            write(bin.value, to: &out)
        }
        out.appendLiteral("}")
    }

    /// `{"namespace": "test", "set": "demo", "pk": "user1", "digest": "…"}`
    static func write(_ key: Key, to out: inout [UInt8]) {
        out.appendLiteral("{\"namespace\": ")
        writeString(key.namespace, to: &out)
        out.appendLiteral(", \"set\": ")
        if let set = key.set { writeString(set, to: &out) } else { out.appendLiteral("null") }
        out.appendLiteral(", \"pk\": ")
        switch key.userKey {
        case .string(let string)?: writeString(string, to: &out)
        case .int(let int)?: out.appendDecimal(int)
        case .bytes(let bytes)?: write(.bytes(bytes), to: &out)
        case nil: out.appendLiteral("null")
        }
        out.appendLiteral(", \"digest\": \"")
        Hex.encode(key.digest.bytes, appendingTo: &out)
        out.appendLiteral("\"}")
    }

    /// `{"gen": 1, "ttl": 2592000}`, ttl -1 for a record that never expires.
    static func write(_ metadata: RecordMetadata, to out: inout [UInt8]) {
        out.appendLiteral("{\"gen\": ")
        out.appendDecimal(metadata.generation)
        out.appendLiteral(", \"ttl\": ")
        switch metadata.ttl {
        case .never: out.appendLiteral("-1")
        case .seconds(let seconds): out.appendDecimal(seconds)
        }
        out.appendLiteral("}")
    }

    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.appendLiteral("\"")
        // Most strings need no escape: appended whole, not a scalar at a time (that loop
        // was a tenth of a piped GET's time in JSON output), and looked at in place.
        var bytes = text
        let appended = bytes.withUTF8 { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if appended {
            out.appendLiteral("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.appendLiteral("\\\"")
            case "\\": out.appendLiteral("\\\\")
            case "\n": out.appendLiteral("\\n")
            case "\r": out.appendLiteral("\\r")
            case "\t": out.appendLiteral("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.appendText("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
        out.appendLiteral("\"")
    }
}
