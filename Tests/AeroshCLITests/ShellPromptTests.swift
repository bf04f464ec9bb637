@testable import AeroshCLI
import AeroshLanguage
import Testing

@Suite("Shell prompt, directives and help")
struct ShellPromptTests {
    @Test(arguments: [
        ("demo.db", "aerosh embedded:demo.db> "),
        ("/tmp/x/store.db", "aerosh embedded:store.db> "),
        (":memory:", "aerosh embedded::memory:> "),
    ])
    func thePromptNamesTheTarget(path: String, prompt: String) {
        #expect(ShellPrompt(target: .embedded(path: path)).main == prompt)
    }

    @Test func anUnfinishedStatementGetsTheContinuationPrompt() {
        let prompt = ShellPrompt(target: .embedded(path: "demo.db"))
        #expect(prompt.text(continuing: false) == "aerosh embedded:demo.db> ")
        #expect(prompt.text(continuing: true) == "      ...> ")
    }

    @Test(arguments: [
        ("%t> ", "embedded:demo.db> ", String(repeating: " ", count: 13) + "...> "),
        ("[%t] 100%% %x %", "[embedded:demo.db] 100% %x %", String(repeating: " ", count: 23) + "...> "),
        ("> ", "> ", "...> "),
    ])
    func aPromptOfOnesOwnNamesTheTargetWhereItSays(template: String, main: String, continuation: String) {
        let prompt = ShellPrompt(target: .embedded(path: "demo.db"), template: template)
        #expect(prompt.main == main)
        #expect(prompt.continuation == continuation)
    }

    @Test func theWelcomeIsOneLineWithVersionAndTarget() {
        let welcome = ShellPrompt(target: .embedded(path: "demo.db")).welcome
        #expect(welcome.hasPrefix("aerosh \(AeroshVersion.current) on the embedded store demo.db."))
        #expect(welcome.filter { $0 == "\n" }.count == 1 && welcome.hasSuffix("\n"))
    }

    @Test(arguments: [
        ("QUIT", Statement.quit), ("exit", .quit), ("  Quit ; ", .quit),
        ("HELP", .help(topic: nil)), ("help;", .help(topic: nil)), ("HELP get", .help(topic: "get")),
    ])
    func helpAndQuitAreStatements(text: String, statement: Statement) {
        let parsed = Parser.parse(SourceText(text))
        #expect(parsed.errors.isEmpty)
        #expect(parsed.statements.map(\.statement) == [statement])
    }

    @Test func helpListsEveryStatementWithItsShapeAndSummary() {
        let help = StatementHelp.text(topic: nil)
        for syntax in StatementSyntax.all {
            #expect(help.contains(syntax.synopsis))
            #expect(help.contains(syntax.summary))
        }
        #expect(help.contains("QUIT") && help.contains("CAST(value AS"))
    }

    @Test func helpForOneStatementListsItsOptions() {
        let put = StatementHelp.text(topic: "put")
        #expect(put.hasPrefix("PUT ns[.set] pk {bin: value, ...} [options]\n"))
        #expect(put.contains("CREATE ONLY") && put.contains("SEND KEY") && put.contains("TTL NEVER"))
        let get = StatementHelp.text(topic: "GET")
        #expect(get.contains("TIMEOUT") && !get.contains("TTL"))
        #expect(StatementHelp.text(topic: "FETCH").hasPrefix("No statement 'FETCH'."))
    }
}
