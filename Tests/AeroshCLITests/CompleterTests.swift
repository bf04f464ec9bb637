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
        bins: ["age", "name", "nickname", "total"]
    ))

    func candidates(_ text: String) -> [String] {
        completer.complete(text).candidates.map(\.text)
    }

    func action(_ text: String) -> CompletionAction {
        completer.complete(text).action
    }

    static let statements = StatementSyntax.all.map(\.keyword)
    static let writeOptions = ["TTL", "CREATE", "UPDATE", "REPLACE", "IF", "SEND", "TIMEOUT", "DURABLE"]

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
        #expect(action("e") == .insert(replacing: 1, text: "exi"))
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
        #expect(candidates("GET test.demo 'k' ") == ["BINS", "TIMEOUT"])
        #expect(candidates("GET test.demo 'k' BINS ") == ["age", "name", "nickname", "total"])
        #expect(action("GET test.demo 'k' BINS na") == .insert(replacing: 2, text: "name "))
        #expect(action("GET test.demo 'k' BINS name, ni") == .insert(replacing: 2, text: "nickname "))
        #expect(candidates("GET test.demo 'k' BINS name ") == ["TIMEOUT"])
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
        #expect(candidates("PUT test.demo 'k' {a: 1} SEND KEY IF GEN = 2 ") == ["TTL", "CREATE", "UPDATE", "REPLACE", "TIMEOUT", "DURABLE"])
        #expect(candidates("PUT test.demo 'k' {a: 1} IF GEN ") == [])
        #expect(candidates("PUT test.demo 'k' {a: 1} IF GEN = ") == [])
        #expect(candidates("PUT test.demo 'k' {a: 1} REPLACE ") == ["ONLY", "TTL", "IF", "SEND", "TIMEOUT", "DURABLE"])
        #expect(candidates("REMOVE test.demo 'k' ") == ["BINS", "IF", "TIMEOUT", "DURABLE"])
        #expect(candidates("REMOVE test.demo 'k' BINS age ") == ["TTL", "IF", "TIMEOUT", "DURABLE"])
        #expect(candidates("EXISTS test.demo 'k' ") == ["TIMEOUT"])
        #expect(candidates("INCREMENT test.demo 'k' age 1 ") == Self.writeOptions)
        #expect(candidates("TOUCH test.demo 'k' TTL 60 ") == ["IF", "TIMEOUT", "DURABLE"])
    }

    @Test func operationWordsInOperate() {
        let operations = ["READ", "WRITE", "INCR", "APPEND", "PREPEND", "TOUCH", "DELETE"]
        #expect(candidates("OPERATE test.demo 'k' ") == operations)
        #expect(action("OPERATE test.demo 'k' INCR age 1, wr") == .insert(replacing: 2, text: "write "))
        #expect(candidates("OPERATE test.demo 'k' WRITE name = {a: [1]}, TOUCH, ") == operations)
        #expect(candidates("OPERATE test.demo 'k' WRITE name = 'x' ") == Self.writeOptions)
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
        #expect(candidates("SET ") == ["OUTPUT", "TIMEOUT", "TTL", "SEND", "TIMING", "META", "ON"])
        #expect(candidates("SET OUTPUT ") == ["TABLE", "JSON", "JSONL", "CSV", "RAW", "VERTICAL"])
        #expect(candidates("set output js") == ["json", "jsonl"])
        #expect(candidates("SET SEND KEY ") == ["ON", "OFF"])
        #expect(candidates("SET ON ERROR ") == ["STOP", "CONTINUE"])
        #expect(candidates("SHOW ") == ["SETTINGS"])
    }
}
