import AerospikeCore

/// Values and keys written back as language literals, so output can be pasted as input.
public enum ValueLiteral {
    public static func render(_ value: Value) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    public static func write(_ value: Value, to out: inout String) {
        switch value {
        case .nil: out += "null"
        case .int(let int): out += String(int)
        case .double(let double): out += render(double)
        case .bool(let bool): out += bool ? "true" : "false"
        case .string(let string): out += quoted(string)
        case .bytes(let bytes): out += "x'\(Hex.encode(bytes))'"
        case .geoJSON(let text): out += "GEOJSON(\(quoted(text)))"
        case .list(let items, _):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                write(item, to: &out)
            }
            out += "]"
        case .map(let entries):
            out += "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { out += ", " }
                if case .string(let key) = entry.key, isIdentifier(key) {
                    out += key
                } else {
                    write(entry.key, to: &out)
                }
                out += ": "
                write(entry.value, to: &out)
            }
            out += "}"
        }
    }

    /// Always with a fraction or an exponent, so a float reads back as a float.
    public static func render(_ double: Double) -> String {
        guard double.isFinite else { return double.isNaN ? "nan" : (double < 0 ? "-inf" : "inf") }
        let text = String(double)
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }

    public static func render(_ key: UserKey) -> String {
        switch key {
        case .string(let string): quoted(string)
        case .int(let int): String(int)
        case .bytes(let bytes): "x'\(Hex.encode(bytes))'"
        }
    }

    /// How a key is written in a statement: `test.demo 'user1'`, or with its digest.
    public static func render(_ key: Key) -> String {
        let prefix = key.set.map { "\(key.namespace).\($0)" } ?? key.namespace
        if let userKey = key.userKey { return "\(prefix) \(render(userKey))" }
        return "\(prefix) DIGEST x'\(key.digest.hex)'"
    }

    /// Single-quoted, with the escapes the lexer reads back.
    public static func quoted(_ text: String) -> String {
        // Most strings need no escape: quoted in one piece, not a scalar at a time.
        let plain = text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != 0x7F && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "\\")
        }
        if plain { return "'\(text)'" }
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "_") || (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") else {
            return false
        }
        let reserved = ["TRUE", "FALSE", "NULL", "NIL", "GEOJSON"]
        return text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
            && !reserved.contains(text.uppercased())
    }
}
