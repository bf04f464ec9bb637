import AerospikeCore

/// The list and map operations OPERATE spells as function calls — `LIST_APPEND(l, 5)
/// ADD_UNIQUE`, `MAP_GET_BY_KEY(m['a'], 'b') RETURN KEY_VALUE` — in one table: the parser
/// reads calls from it, and help is written from it.
///
/// The first argument is the bin, with a path into it: `l[2]` is element 2 of list bin
/// `l`, `m['a']['b']` the map under key 'b' of the map under key 'a' (an integer subscript
/// is a list index, a string or bytes one a map key; `[KEY 5]` is the integer map key 5).
struct CDTFunction: Sendable {
    let name: String
    /// The arguments after the bin, the optional ones last.
    let parameters: [Parameter]
    /// How many of `parameters` must be given.
    let required: Int
    /// The words that may follow the call.
    let modifiers: Set<Modifier>
    /// What RETURN is when not given; nil for a function that takes no RETURN.
    let defaultReturn: CDTReturnType?
    let summary: String
    let build: @Sendable (_ values: [Value], _ modifiers: Modifiers) -> CDTOperation.Action

    enum Parameter: String, Sendable {
        case index, rank, count, value, begin, end, values, entries, key, number
    }

    enum Modifier: String, Sendable, CaseIterable {
        case ordered = "ORDERED"
        case keyOrdered = "KEY_ORDERED"
        case keyValueOrdered = "KEY_VALUE_ORDERED"
        case addUnique = "ADD_UNIQUE"
        case insertBounded = "INSERT_BOUNDED"
        case createOnly = "CREATE_ONLY"
        case updateOnly = "UPDATE_ONLY"
        case noFail = "NO_FAIL"
        case partial = "PARTIAL"
        case descending = "DESCENDING"
        case dropDuplicates = "DROP_DUPLICATES"
        case inverted = "INVERTED"
    }

    /// The modifiers a call was given.
    struct Modifiers: Sendable {
        var words: Set<Modifier> = []
        var returning: CDTReturnType?

        /// A list policy when ORDERED or a write flag was given (else the call sends none).
        var listPolicy: ListPolicy? {
            let order: ListOrder = words.contains(.ordered) ? .ordered : .unordered
            let flags = listFlags ?? []
            return words.contains(.ordered) || listFlags != nil ? ListPolicy(order: order, flags: flags) : nil
        }

        var listFlags: ListWriteFlags? {
            var flags: ListWriteFlags = []
            if words.contains(.addUnique) { flags.insert(.addUnique) }
            if words.contains(.insertBounded) { flags.insert(.insertBounded) }
            if words.contains(.noFail) { flags.insert(.noFail) }
            if words.contains(.partial) { flags.insert(.partial) }
            return flags.isEmpty ? nil : flags
        }

        var mapPolicy: MapPolicy {
            var flags: MapWriteFlags = []
            if words.contains(.createOnly) { flags.insert(.createOnly) }
            if words.contains(.updateOnly) { flags.insert(.updateOnly) }
            if words.contains(.noFail) { flags.insert(.noFail) }
            if words.contains(.partial) { flags.insert(.partial) }
            let order: MapOrder = words.contains(.keyValueOrdered) ? .keyValueOrdered : words.contains(.keyOrdered) ? .keyOrdered : .unordered
            return MapPolicy(order: order, flags: flags)
        }

        func returned(_ fallback: CDTReturnType) -> CDTReturn {
            CDTReturn(returning ?? fallback, inverted: words.contains(.inverted))
        }
    }

    var isList: Bool { name.hasPrefix("LIST_") }

    /// `LIST_INSERT(bin, index, value[, …])` as help shows it.
    var synopsis: String {
        let arguments = ["bin"] + parameters.enumerated().map { $0.offset < required ? $0.element.rawValue : "[\($0.element.rawValue)]" }
        var text = "\(name)(\(arguments.joined(separator: ", ")))"
        if defaultReturn != nil { text += " [RETURN type]" }
        let words = Modifier.allCases.filter(modifiers.contains).map(\.rawValue)
        if !words.isEmpty { text += " [" + words.joined(separator: "] [") + "]" }
        return text
    }

    static func named(_ word: String) -> CDTFunction? {
        let upper = word.uppercased()
        return all.first { $0.name == upper }
    }

    static let listWrite: Set<Modifier> = [.ordered, .addUnique, .insertBounded, .noFail, .partial]
    static let listFlags: Set<Modifier> = [.addUnique, .insertBounded, .noFail, .partial]
    static let mapWrite: Set<Modifier> = [.keyOrdered, .keyValueOrdered, .createOnly, .updateOnly, .noFail, .partial]
    static let mapOrder: Set<Modifier> = [.keyOrdered, .keyValueOrdered]

    static func int(_ value: Value) -> Int64 {
        if case .int(let number) = value { return number }
        return 0
    }

    static func items(_ value: Value) -> [Value] {
        if case .list(let items, _) = value { return items }
        return []
    }

    static func count(_ values: [Value], at index: Int) -> Int64? {
        values.count > index ? int(values[index]) : nil
    }

    static let all: [CDTFunction] = listFunctions + listSelectors + mapFunctions + mapSelectors
}
