@testable import AeroshCLI
import AerospikeCore
import AerospikeEmbedded
import AeroshLanguage
import Testing

/// Tab completion for a line and cursor (the text before the cursor).
@Suite("Completion")
struct CompleterTests {
    let completer = Completer(names: CompletionNames(
        namespaces: ["bar", "test"],
        sets: ["test": ["demo", "people"]],
        bins: ["age", "name", "nickname", "total"],
        indexes: ["test": ["idx_age", "idx_name"], "bar": ["other"]]
    ))

    func candidates(_ text: String) -> [String] {
        completer.complete(text).candidates.map(\.text)
    }

    func action(_ text: String) -> CompletionAction {
        completer.complete(text).action
    }

    static let statements = StatementSyntax.all.map(\.keyword)
    static let writeOptions = ["TTL", "CREATE", "UPDATE", "REPLACE", "IF", "SEND", "TIMEOUT", "DURABLE", "WHERE"]

    @Test func anEmptyLineListsTheStatementsAndShellWords() {
        #expect(candidates("") == Self.statements)
        #expect(Self.statements.contains("HELP") && Self.statements.contains("QUIT") && Self.statements.contains("EXIT"))
        #expect(action("") == .list(Self.statements))
    }

    @Test(arguments: [
        ("ge", "get "), ("GE", "GET "), ("Ge", "GET "), ("incr", "increment "), ("OP", "OPERATE "),
        ("GET test.demo 'a'; ge", "get "), ("help exis", "exists "),
    ])
    func aKeywordCompletesInTheCaseTyped(text: String, inserted: String) {
        let typed = Completer.trailingWord(of: text).count
        #expect(action(text) == .insert(replacing: typed, text: inserted))
    }

    @Test func severalKeywordsCompleteAsFarAsTheyAgree() {
        #expect(action("e") == .insert(replacing: 1, text: "ex"))
        #expect(action("exi") == .list(["exists", "exit"]))
        #expect(action("EXI") == .list(["EXISTS", "EXIT"]))
        #expect(action("p") == .list(["put", "prepend"]))
    }

    @Test func connectOffersEmbeddedAndStatementsWithoutKeysOfferNoNames() {
        #expect(candidates("CONNECT ") == ["EMBEDDED"])
        #expect(action("connect emb") == .insert(replacing: 3, text: "embedded "))
        #expect(candidates("RUN ").isEmpty)
        #expect(candidates("QUIT ").isEmpty)
    }

    @Test func namespacesThenSetsOfThatNamespace() {
        #expect(candidates("GET ") == ["bar", "test"])
        #expect(action("GET te") == .insert(replacing: 2, text: "test"))
        #expect(candidates("GET test.") == ["demo", "people"])
        #expect(action("GET test.pe") == .insert(replacing: 2, text: "people "))
        #expect(candidates("GET bar.") == [])
        #expect(candidates("OPERATE ") == ["ORDERED", "bar", "test"])
        #expect(action("OPERATE ORDERED te") == .insert(replacing: 2, text: "test"))
    }

    @Test func theKeyValueGetsNothingButDigestOnceTyped() {
        #expect(candidates("GET test.demo ") == [])
        #expect(action("GET test.demo ") == .list(["GET ns[.set] pk [BINS bin, ...] [TIMEOUT t]"]))
        #expect(action("GET test.demo di") == .insert(replacing: 2, text: "digest "))
        #expect(candidates("GET test.demo 12") == [])
    }

    @Test func binNamesWhereABinIsExpected() {
        #expect(candidates("GET test.demo 'k' ") == ["BINS", "TIMEOUT", "WHERE"])
        #expect(candidates("GET test.demo 'k' BINS ") == ["age", "name", "nickname", "total"])
        #expect(action("GET test.demo 'k' BINS na") == .insert(replacing: 2, text: "name "))
        #expect(action("GET test.demo 'k' BINS name, ni") == .insert(replacing: 2, text: "nickname "))
        #expect(candidates("GET test.demo 'k' BINS name ") == ["TIMEOUT", "WHERE"])
        #expect(candidates("INCREMENT test.demo 'k' ") == ["age", "name", "nickname", "total"])
        #expect(candidates("OPERATE test.demo 'k' READ n") == ["name", "nickname"])
        #expect(action("OPERATE test.demo 'k' READ n") == .list(["name", "nickname"]))
    }

    @Test func insidePutBracesABinNameIsFollowedByAColon() {
        #expect(candidates("PUT test.demo 'k' {") == ["age", "name", "nickname", "total"])
        #expect(action("PUT test.demo 'k' {na") == .insert(replacing: 2, text: "name: "))
        #expect(action("PUT test.demo 'k' {name: 'x', a") == .insert(replacing: 1, text: "age: "))
        #expect(action("PUT test.demo 'k' {name: [1, {a: 2}], t") == .insert(replacing: 1, text: "total: "))
        #expect(candidates("PUT test.demo 'k' {name: ") == [])
        #expect(action("PUT test.demo 'k'\n{na") == .insert(replacing: 2, text: "name: "))
    }

    @Test func optionWordsAfterTheStatementBody() {
        #expect(candidates("PUT test.demo 'k' {name: 1} ") == Self.writeOptions)
        #expect(action("PUT test.demo 'k' {name: 1} TTL 30d cr") == .insert(replacing: 2, text: "create "))
        #expect(candidates("PUT test.demo 'k' {name: 1} TTL ") == ["NEVER", "DEFAULT", "UNCHANGED"])
        #expect(action("PUT test.demo 'k' {name: 1} CREATE ") == .insert(replacing: 0, text: "ONLY "))
        #expect(action("PUT test.demo 'k' {name: 1} send ") == .insert(replacing: 0, text: "KEY "))
        #expect(candidates("PUT test.demo 'k' {a: 1} SEND KEY IF GEN = 2 ") == ["TTL", "CREATE", "UPDATE", "REPLACE", "TIMEOUT", "DURABLE", "WHERE"])
        #expect(candidates("PUT test.demo 'k' {a: 1} IF GEN ") == [])
        #expect(candidates("PUT test.demo 'k' {a: 1} IF GEN = ") == [])
        #expect(candidates("PUT test.demo 'k' {a: 1} REPLACE ") == ["ONLY", "TTL", "IF", "SEND", "TIMEOUT", "DURABLE", "WHERE"])
        #expect(candidates("REMOVE test.demo 'k' ") == ["BINS", "IF", "TIMEOUT", "DURABLE", "WHERE"])
        #expect(candidates("REMOVE test.demo 'k' BINS age ") == ["TTL", "IF", "TIMEOUT", "DURABLE", "WHERE"])
        #expect(candidates("EXISTS test.demo 'k' ") == ["TIMEOUT", "WHERE"])
        #expect(candidates("INCREMENT test.demo 'k' age 1 ") == Self.writeOptions)
        #expect(candidates("TOUCH test.demo 'k' TTL 60 ") == ["IF", "TIMEOUT", "DURABLE", "WHERE"])
    }

    @Test func operationWordsInOperate() {
        let operations = ["READ", "WRITE", "INCR", "APPEND", "PREPEND", "TOUCH", "DELETE"]
        #expect(candidates("OPERATE test.demo 'k' ") == operations)
        #expect(action("OPERATE test.demo 'k' INCR age 1, wr") == .insert(replacing: 2, text: "write "))
        #expect(candidates("OPERATE test.demo 'k' WRITE name = {a: [1]}, TOUCH, ") == operations)
        #expect(candidates("OPERATE test.demo 'k' WRITE name = 'x' ") == Self.writeOptions)
    }

    @Test func listAndMapFunctionsCompleteOnceAPrefixIsTyped() {
        // An empty Tab shows the plain operations only; a prefix reaches the functions.
        #expect(candidates("OPERATE test.demo 'k' LIST_APP") == ["LIST_APPEND", "LIST_APPEND_ITEMS"])
        #expect(action("OPERATE test.demo 'k' map_put_i") == .insert(replacing: 9, text: "map_put_items("))
        #expect(candidates("BATCH OPERATE test.demo ('a', 'b') INCR n 1, MAP_GET_BY_K") == ["MAP_GET_BY_KEY", "MAP_GET_BY_KEY_RANGE", "MAP_GET_BY_KEY_LIST"])
        // A word that is both an operation and a function's start offers both.
        #expect(candidates("OPERATE test.demo 'k' READ n, L").allSatisfy { $0.hasPrefix("LIST_") })
        #expect(candidates("OPERATE test.demo 'k' LIST_SIZE(l), ").contains("READ"))
    }

    @Test(arguments: [
        "FETCH ", "PUT test.demo 'k' {name: 'x", "-- a comment ge", "GET test.demo 'it''s", "GET test.demo 'k' BINS name TIMEOUT ",
    ])
    func nothingWhereNothingFits(text: String) {
        #expect(candidates(text) == [])
    }

    @Test func theSynopsisIsTheHintWhenNothingFits() {
        let put = StatementSyntax.all.first { $0.keyword == "PUT" }!
        #expect(completer.complete("PUT test.demo 'k' ").hint == put.synopsis)
        #expect(completer.complete("SELECT ").hint == nil)
        #expect(completer.complete("PUT ").hint == nil)
    }

    @Test func namesFromTheStoreAndFromStatements() {
        var names = CompletionNames()
        names.merge(StoreNames(namespaces: ["test", "bar"], sets: ["test": ["demo"]], bins: ["a"]))
        let key = Key(namespace: "test", set: "people", userKey: .string("k"))
        names.note(.put(key, bins: [Bin("name", .string("x"))], StatementOptions()))
        names.note(.operate(Key(namespace: "bar", set: "s", userKey: .int(1)), [.read("seen"), .touch], ordered: false, StatementOptions()))
        #expect(names.namespaces == ["bar", "test"])
        #expect(names.sets == ["test": ["demo", "people"], "bar": ["s"]])
        #expect(names.bins == ["a", "name", "seen"])
        names.merge(StoreNames(namespaces: ["test", "bar"], sets: [:], bins: []))
        #expect(names.bins == ["a", "name", "seen"])
    }

    @Test func listingsFitTheTerminalWidth() {
        #expect(CompletionListing.render(["age", "name", "nickname", "total"], width: 25) == "age       name\nnickname  total\n")
        #expect(CompletionListing.render(["age", "name", "nickname", "total"], width: 30) == "age       name      nickname\ntotal\n")
        #expect(CompletionListing.render(["one"], width: 2) == "one\n")
        #expect(CompletionListing.render([], width: 80) == "")
    }

    /// Completion asks the parser: every statement it parses completes, with no grammar of
    /// completion's own to keep in step (BATCH and aql's forms had none before).
    @Test func everyStatementTheParserKnowsCompletes() {
        #expect(candidates("BATCH ") == ["READ", "EXISTS", "OPERATE", "REMOVE", "PUT"])
        #expect(candidates("BATCH READ ") == ["bar", "test"])
        #expect(candidates("BATCH READ test.") == ["demo", "people"])
        #expect(candidates("INSERT ") == ["INTO"])
        #expect(candidates("INSERT INTO ") == ["bar", "test"])
        #expect(candidates("DELETE ") == ["FROM"])
    }

    @Test func settingNamesAndValuesComplete() {
        #expect(candidates("SET ") == ["OUTPUT", "TIMEOUT", "TTL", "SEND", "TIMING", "META", "ON", "LIMIT", "CONFIRM", "CONCURRENCY"])
        #expect(candidates("SET LIMIT ") == ["OFF"])
        #expect(candidates("SET CONFIRM ") == ["ON", "OFF"])
        #expect(candidates("SET OUTPUT ") == ["TABLE", "JSON", "JSONL", "CSV", "RAW", "VERTICAL"])
        #expect(candidates("set output js") == ["json", "jsonl"])
        #expect(candidates("SET SEND KEY ") == ["ON", "OFF"])
        #expect(candidates("SET ON ERROR ") == ["STOP", "CONTINUE"])
        #expect(candidates("SHOW ") == ["NAMESPACES", "SETS", "BINS", "INDEXES", "SETTINGS"])
    }

    @Test func scansAndQueriesComplete() {
        #expect(candidates("SELECT * FROM test.demo ") == ["WHERE", "LIMIT", "TIMEOUT"])
        #expect(candidates("SELECT * FROM test.demo WHERE ") == ["PK", "DIGEST", "NOT", "SIZE", "@", "age", "name", "nickname", "total"])
        #expect(candidates("SELECT * FROM test.demo WHERE age ") == ["BETWEEN", "LIKE", "IS", "AND", "OR", "LIMIT", "TIMEOUT"])
        #expect(candidates("SELECT * FROM test.demo WHERE age = 5 ") == ["AND", "OR", "LIMIT", "TIMEOUT"])
        #expect(candidates("SELECT * FROM test.demo LIMIT 5 ") == ["TIMEOUT"])
        #expect(action("select co") == .insert(replacing: 2, text: "count "))
        #expect(candidates("SELECT COUNT(*) FROM ") == ["bar", "test"])
    }

    @Test func administrativeStatementsComplete() {
        #expect(candidates("CREATE ") == ["INDEX"])
        #expect(candidates("CREATE INDEX i ") == ["ON"])
        #expect(candidates("CREATE INDEX i ON te") == ["test"])
        #expect(candidates("CREATE INDEX i ON test.demo (") == ["age", "name", "nickname", "total"])
        #expect(candidates("CREATE INDEX i ON test.demo (age) ") == ["NUMERIC", "STRING"])
        #expect(candidates("DROP ") == ["INDEX"])
        #expect(candidates("DROP INDEX test ") == ["idx_age", "idx_name"])
        #expect(action("drop index test.demo idx_n") == .insert(replacing: 5, text: "idx_name "))
        #expect(candidates("DROP INDEX bar ") == ["other"])
        #expect(candidates("SHOW SETS ") == ["bar", "test"])
        #expect(candidates("SHOW BINS test.") == ["demo", "people"])
        #expect(candidates("TRUNCATE test.demo ") == ["BEFORE"])
        #expect(candidates("ASINFO 'build' ") == ["ON"])
        #expect(candidates("ASINFO 'build' ON ") == ["ALL"])
        #expect(candidates("EXPLAIN ") == ["GET", "SELECT"])
        #expect(candidates("EXPLAIN GET ") == ["bar", "test"])
    }

    @Test func indexNamesFromTheStoreAndFromStatements() {
        var names = CompletionNames(indexes: ["test": ["old"]])
        names.merge(CompletionNames(namespaces: ["test"], indexes: ["test": ["found"]]))
        names.note(.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "made", bin: "v", type: .numeric)))
        #expect(names.indexes == ["test": ["old", "found", "made"]])
        #expect(names.sets == ["test": ["demo"]] && names.bins == ["v"])
        names.note(.dropIndex(namespace: "test", set: nil, name: "old"))
        #expect(names.indexes == ["test": ["found", "made"]])
        names.note(.scan(ScanQuery(namespace: "bar", set: "s", bins: ["a"], condition: .comparison(.equal, .bin("b", .int), .literal(.int(1))))))
        #expect(names.sets["bar"] == ["s"] && names.bins == ["v", "a", "b"])
    }

    @Test func theEmbeddedStoreOffersItsIndexes() async throws {
        let store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath)
        try await store.put(Key(namespace: "test", set: "demo", userKey: .string("k")), bins: [Bin("v", .int(1))], policy: WritePolicy())
        try await store.createIndex(IndexDefinition(namespace: "test", set: "demo", name: "idx_v", bin: "v", type: .numeric))
        let names = try #require(await CompletionSource.names(from: store))
        #expect(names.indexes == ["test": ["idx_v"]])
        #expect(names.sets["test"] == ["demo"] && names.bins == ["v"])
    }
}
