import TOMLKit

/// One TOML value, copied out of TOMLKit's tree as soon as a file is parsed: TOMLKit's
/// tables are classes around C++ nodes, not `Sendable`, and the rest of the shell only ever
/// needs strings, numbers, booleans and one level of tables.
enum ConfigValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case table([String: ConfigValue])
    /// Arrays, dates and times: no key aerosh reads takes one; kept so a wrong type can be
    /// named in the error.
    case other(typeName: String)

    /// How an error names this value's type ("a string", "an integer").
    var typeName: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a float"
        case .bool: "a boolean"
        case .table: "a table"
        case .other(let name): name
        }
    }
}

/// A configuration file parsed whole: its path as it is shown to the user, and its
/// top-level table.
struct ConfigDocument: Sendable, Equatable {
    /// The path as shown in messages and SHOW SETTINGS (`~/…` under the home folder).
    let shownPath: String
    let table: [String: ConfigValue]

    /// Parses `text` with TOMLKit; a syntax error names the file, line and column.
    init(text: String, shownPath: String) throws(ConfigError) {
        self.shownPath = shownPath
        let parsed: TOMLTable
        do {
            parsed = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(shownPath):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch {
            throw ConfigError("\(shownPath): \(error)")
        }
        table = Self.copyTable(parsed)
    }

    /// The table `[name]`, if the document has one; a `name` key that is not a table is an
    /// error naming it.
    func section(_ name: String) throws(ConfigError) -> [String: ConfigValue]? {
        guard let found = table[name] else { return nil }
        guard case .table(let section) = found else {
            throw ConfigKeyReader(document: self, section: "").wrongType(name, expected: "a table ([\(name)])", got: found)
        }
        return section
    }

    /// The document from a table already in hand (tests, and files with nothing in them).
    init(table: [String: ConfigValue], shownPath: String) {
        self.shownPath = shownPath
        self.table = table
    }

    private static func copyTable(_ table: TOMLTable) -> [String: ConfigValue] {
        var values: [String: ConfigValue] = [:]
        for (key, value) in table {
            values[key] = copy(value)
        }
        return values
    }

    private static func copy(_ value: any TOMLValueConvertible) -> ConfigValue {
        switch value.type {
        case .string: value.string.map(ConfigValue.string) ?? .other(typeName: "a string")
        case .int: value.int.map(ConfigValue.int) ?? .other(typeName: "an integer")
        case .double: value.double.map(ConfigValue.double) ?? .other(typeName: "a float")
        case .bool: value.bool.map(ConfigValue.bool) ?? .other(typeName: "a boolean")
        case .table: value.table.map { .table(copyTable($0)) } ?? .other(typeName: "a table")
        case .array: .other(typeName: "an array")
        case .date: .other(typeName: "a date")
        case .time: .other(typeName: "a time")
        case .dateTime: .other(typeName: "a date-time")
        }
    }
}
