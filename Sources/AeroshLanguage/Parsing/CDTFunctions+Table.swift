import AerospikeCore

extension CDTFunction {
    private init(
        _ name: String, _ parameters: [Parameter] = [], required: Int? = nil, modifiers: Set<Modifier> = [],
        returns: CDTReturnType? = nil, _ summary: String, build: @escaping @Sendable ([Value], Modifiers) -> CDTOperation.Action
    ) {
        self.init(
            name: name, parameters: parameters, required: required ?? parameters.count, modifiers: modifiers,
            defaultReturn: returns, summary: summary, build: build)
    }

    static let listFunctions: [CDTFunction] = [
        CDTFunction("LIST_APPEND", [.value], modifiers: listWrite, "Add a value at the end (at its sorted place when ORDERED). Returns the size.") {
            .list(.append($0[0], $1.listPolicy))
        },
        CDTFunction("LIST_APPEND_ITEMS", [.values], modifiers: listWrite, "Add the values of a list at the end. Returns the size.") {
            .list(.appendItems(items($0[0]), $1.listPolicy))
        },
        CDTFunction("LIST_INSERT", [.index, .value], modifiers: listFlags, "Insert a value before an index (past the end: padded with nulls). Returns the size.") {
            .list(.insert(index: int($0[0]), $0[1], $1.listFlags))
        },
        CDTFunction("LIST_INSERT_ITEMS", [.index, .values], modifiers: listFlags, "Insert the values of a list before an index. Returns the size.") {
            .list(.insertItems(index: int($0[0]), items($0[1]), $1.listFlags))
        },
        CDTFunction("LIST_SET", [.index, .value], modifiers: listFlags, "Replace the element at an index (past the end: padded with nulls).") {
            .list(.set(index: int($0[0]), $0[1], $1.listFlags))
        },
        CDTFunction("LIST_INCREMENT", [.index, .number], required: 1, modifiers: listWrite, "Add a number (1 by default) to the element at an index. Returns the new number.") {
            let policy = $1.listPolicy
            // With a policy a client always sends the delta.
            let delta: Value? = $0.count > 1 ? $0[1] : policy == nil ? nil : .int(1)
            return .list(.increment(index: int($0[0]), by: delta, policy))
        },
        CDTFunction("LIST_GET", [.index], "Return the element at an index (-1: the last); out of range is an error.") { values, _ in
            .list(.get(index: int(values[0])))
        },
        CDTFunction("LIST_GET_RANGE", [.index, .count], required: 1, "Return count elements from an index (all to the end without count).") { values, _ in
            .list(.getRange(index: int(values[0]), count: count(values, at: 1)))
        },
        CDTFunction("LIST_POP", [.index, .count], required: 1, "Remove and return the element at an index, or count elements from it.") { values, _ in
            values.count > 1 ? .list(.popRange(index: int(values[0]), count: count(values, at: 1))) : .list(.pop(index: int(values[0])))
        },
        CDTFunction("LIST_REMOVE", [.index, .count], required: 1, "Remove the element at an index, or count elements from it. Returns how many.") { values, _ in
            values.count > 1 ? .list(.removeRange(index: int(values[0]), count: count(values, at: 1))) : .list(.remove(index: int(values[0])))
        },
        CDTFunction("LIST_TRIM", [.index, .count], "Keep only count elements from an index. Returns how many were removed.") { values, _ in
            .list(.trim(index: int(values[0]), count: int(values[1])))
        },
        CDTFunction("LIST_SIZE", [], "Return the number of elements.") { _, _ in .list(.size) },
        CDTFunction("LIST_CLEAR", [], "Remove every element.") { _, _ in .list(.clear) },
        CDTFunction("LIST_SORT", [], modifiers: [.descending, .dropDuplicates], "Sort the list (DESCENDING; DROP_DUPLICATES keeps one of equal values).") {
            var flags: ListSortFlags = []
            if $1.words.contains(.descending) { flags.insert(.descending) }
            if $1.words.contains(.dropDuplicates) { flags.insert(.dropDuplicates) }
            return .list(.sort(flags))
        },
    ]

    /// LIST_GET_BY_… and LIST_REMOVE_BY_…: RETURN VALUE by default for a get, COUNT for a remove.
    static let listSelectors: [CDTFunction] = {
        let selectors: [(String, [Parameter], Int, String, @Sendable ([Value]) -> ListSelector)] = [
            ("INDEX", [.index, .count], 1, "the element at an index, or count elements from it", { values in
                values.count > 1 ? .indexRange(int(values[0]), count: count(values, at: 1)) : .index(int(values[0]))
            }),
            ("RANK", [.rank, .count], 1, "the element of a rank (0: the smallest, -1: the largest), or count from it", { values in
                values.count > 1 ? .rankRange(int(values[0]), count: count(values, at: 1)) : .rank(int(values[0]))
            }),
            ("VALUE", [.value], 1, "every element equal to a value", { .value($0[0]) }),
            ("VALUE_RANGE", [.begin, .end], 1, "every element from begin up to, not including, end", { values in
                .valueInterval(values[0], end: values.count > 1 ? values[1] : nil)
            }),
            ("VALUE_LIST", [.values], 1, "every element equal to one of a list's values", { .valueList(items($0[0])) }),
        ]
        return selectors.flatMap { suffix, parameters, required, what, selector in [
            CDTFunction("LIST_GET_BY_" + suffix, parameters, required: required, modifiers: [.inverted], returns: .value, "Return \(what).") {
                .list(.getBy(selector($0), returning: $1.returned(.value)))
            },
            CDTFunction("LIST_REMOVE_BY_" + suffix, parameters, required: required, modifiers: [.inverted], returns: .count, "Remove \(what).") {
                .list(.removeBy(selector($0), returning: $1.returned(.count)))
            },
        ] }
    }()

    static let mapFunctions: [CDTFunction] = [
        CDTFunction("MAP_PUT", [.key, .value], modifiers: mapWrite, "Write a key's value. Returns the size.") {
            .map(.put(key: $0[0], value: $0[1], $1.mapPolicy))
        },
        CDTFunction("MAP_PUT_ITEMS", [.entries], modifiers: mapWrite, "Write the entries of a map. Returns the size.") {
            guard case .map(let entries) = $0[0] else { return .map(.putItems([], $1.mapPolicy)) }
            return .map(.putItems(entries, $1.mapPolicy))
        },
        CDTFunction("MAP_INCREMENT", [.key, .number], required: 1, modifiers: mapOrder, "Add a number (1 by default) to a key's value, creating it. Returns the new number.") {
            .map(.increment(key: $0[0], by: $0.count > 1 ? $0[1] : nil, $1.mapPolicy))
        },
        CDTFunction("MAP_DECREMENT", [.key, .number], required: 1, modifiers: mapOrder, "Subtract a number (1 by default) from a key's value. Returns the new number.") {
            .map(.decrement(key: $0[0], by: $0.count > 1 ? $0[1] : nil, $1.mapPolicy))
        },
        CDTFunction("MAP_SIZE", [], "Return the number of entries.") { _, _ in .map(.size) },
        CDTFunction("MAP_CLEAR", [], "Remove every entry.") { _, _ in .map(.clear) },
    ]

    /// MAP_GET_BY_… and MAP_REMOVE_BY_…: RETURN VALUE by default for a get, COUNT for a remove.
    static let mapSelectors: [CDTFunction] = {
        let selectors: [(String, [Parameter], Int, String, @Sendable ([Value]) -> MapSelector)] = [
            ("KEY", [.key], 1, "the entry of a key", { .key($0[0]) }),
            ("KEY_RANGE", [.begin, .end], 1, "the entries with keys from begin up to, not including, end", { values in
                .keyInterval(values[0], end: values.count > 1 ? values[1] : nil)
            }),
            ("KEY_LIST", [.values], 1, "the entries of a list's keys", { .keyList(items($0[0])) }),
            ("VALUE", [.value], 1, "every entry whose value equals a value", { .value($0[0]) }),
            ("VALUE_RANGE", [.begin, .end], 1, "every entry with a value from begin up to, not including, end", { values in
                .valueInterval(values[0], end: values.count > 1 ? values[1] : nil)
            }),
            ("INDEX", [.index, .count], 1, "the entry at an index in key order, or count entries from it", { values in
                values.count > 1 ? .indexRange(int(values[0]), count: count(values, at: 1)) : .index(int(values[0]))
            }),
            ("RANK", [.rank, .count], 1, "the entry of a rank by value, or count entries from it", { values in
                values.count > 1 ? .rankRange(int(values[0]), count: count(values, at: 1)) : .rank(int(values[0]))
            }),
        ]
        return selectors.flatMap { suffix, parameters, required, what, selector in [
            CDTFunction("MAP_GET_BY_" + suffix, parameters, required: required, modifiers: [.inverted], returns: .value, "Return \(what).") {
                .map(.getBy(selector($0), returning: $1.returned(.value)))
            },
            CDTFunction("MAP_REMOVE_BY_" + suffix, parameters, required: required, modifiers: [.inverted], returns: .count, "Remove \(what).") {
                .map(.removeBy(selector($0), returning: $1.returned(.count)))
            },
        ] }
    }()
}
