/// Reading one key of a table with the type it must have; a wrong type is an error naming
/// the file, the key and the type expected.
struct ConfigKeyReader {
    let document: ConfigDocument
    /// How the table is named in messages: "" for the top level, else "[cluster] ".
    let section: String

    func wrongType(_ key: String, expected: String, got value: ConfigValue) -> ConfigError {
        ConfigError("\(document.shownPath): \(section)\(key) must be \(expected), not \(value.typeName)")
    }

    func invalid(_ key: String, _ why: String) -> ConfigError {
        ConfigError("\(document.shownPath): \(section)\(key) \(why)")
    }

    func string(_ key: String, _ value: ConfigValue) throws(ConfigError) -> Sourced<String> {
        guard case .string(let text) = value else { throw wrongType(key, expected: "a string", got: value) }
        return Sourced(value: text, origin: document.shownPath)
    }

    func bool(_ key: String, _ value: ConfigValue) throws(ConfigError) -> Sourced<Bool> {
        guard case .bool(let flag) = value else { throw wrongType(key, expected: "a boolean (true or false)", got: value) }
        return Sourced(value: flag, origin: document.shownPath)
    }

    /// An integer within `range`; `what` says what it counts ("milliseconds").
    func int(_ key: String, _ value: ConfigValue, in range: ClosedRange<Int>, what: String) throws(ConfigError) -> Sourced<Int> {
        guard case .int(let number) = value else { throw wrongType(key, expected: "an integer (\(what))", got: value) }
        guard range.contains(number) else {
            let bounds = range.upperBound == .max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw invalid(key, "must be \(bounds) (\(what)), not \(number)")
        }
        return Sourced(value: number, origin: document.shownPath)
    }
}
