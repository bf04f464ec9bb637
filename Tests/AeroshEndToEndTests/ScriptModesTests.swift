import AerospikeTestSupport
import Foundation
import Testing

@Suite("Script modes, errors and exit status")
struct ScriptModesTests {
    @Test func tableOutputForAGet() async throws {
        let store = try StoreFile()
        let run = try await store.run("PUT test.demo 'user1' {name: 'Alice', age: 30, tags: ['a', 'b']} TTL NEVER; GET test.demo 'user1'")
        #expect(run.status == 0)
        #expect(run.stdout == """
            @key     @gen   @ttl  name     age  tags
            'user1'     1  NEVER  'Alice'   30  ['a', 'b']

            """)
    }

    @Test func footersShowRowCountsAndTimings() async throws {
        let store = try StoreFile()
        let run = try await Aerosh.run(["--embedded", store.path, "-c", "PUT test.demo 'k' {v: 1}; GET test.demo 'k'; REMOVE test.demo 'k'"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].wholeMatch(of: /OK, 1 record affected \(\d+\.\d{3} ms\)/) != nil, "\(lines[0])")
        #expect(lines[3].wholeMatch(of: /1 row in set \(\d+\.\d{3} ms\)/) != nil, "\(lines[3])")
        #expect(lines[4].wholeMatch(of: /OK, 1 record removed \(\d+\.\d{3} ms\)/) != nil, "\(lines[4])")
    }

    @Test func scriptFileRunsEveryStatement() async throws {
        let store = try StoreFile()
        let script = try temporaryScript("""
            -- seed data
            PUT test.demo 'a' {v: 1}
            PUT test.demo 'b' {
                v: 2,
                nested: {k: [1, 2]}
            }
            GET test.demo 'b' BINS nested;
            """)
        let run = try await Aerosh.run(["--embedded", store.path, "-q", "-o", "json", "-f", script])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""bins": {"nested": {"k": [1, 2]}}"#))
    }

    @Test func helpPrintsFromTheSyntaxTableAndQuitEndsTheScript() async throws {
        let store = try StoreFile()
        let script = try temporaryScript("""
            HELP GET
            PUT test.demo 'a' {v: 1}
            EXIT
            PUT test.demo 'b' {v: 2}
            """)
        let run = try await Aerosh.run(["--embedded", store.path, "-q", "-f", script])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("GET ns[.set] pk [BINS bin, ...] [TIMEOUT t]\n    Read a record"))
        #expect(try await store.run("EXISTS test.demo 'a'; EXISTS test.demo 'b'", extra: ["-o", "raw"]).stdout == "true\nfalse\n")
        let overview = try await store.run("help")
        #expect(overview.stdout.contains("INSERT INTO ns[.set] (PK, bin, ...) VALUES (pk, value, ...) [options]"))
        #expect(!overview.stdout.contains("Ctrl-R"), "the interactive keys belong to the prompt's help")
        // QUIT in a RUN file ends that file only.
        let inner = try temporaryScript("PUT test.demo 'in' {v: 1}\nexit;\nPUT test.demo 'skipped' {v: 1}\n")
        let outer = try await store.run("RUN '\(inner)'; PUT test.demo 'after' {v: 1}")
        #expect(outer.status == 0, "\(outer.stderr)")
        #expect(try await store.run("EXISTS test.demo 'in'; EXISTS test.demo 'skipped'; EXISTS test.demo 'after'", extra: ["-o", "raw"]).stdout == "true\nfalse\ntrue\n")
        // A statement that failed before QUIT still makes the exit status 1.
        let failed = try await store.run("REMOVE test.demo 'none'; QUIT; PUT test.demo 'c' {v: 3}", extra: ["--continue-on-error"])
        #expect(failed.status == 1)
        #expect(try await store.run("EXISTS test.demo 'c'", extra: ["-o", "raw"]).stdout == "false\n")
    }

    @Test func connectSwitchesTheSessionAndAFailedConnectLeavesItWhereItWas() async throws {
        let first = try StoreFile()
        let second = try StoreFile()
        let served = try StoreFile(.served)
        let run = try await Aerosh.run(["--embedded", first.path, "-o", "raw", "--continue-on-error", "-c", """
            PUT test.demo 'a' {v: 1}
            CONNECT EMBEDDED '\(second.path)'
            PUT test.demo 'b' {v: 2}
            CONNECT '127.0.0.1:1'
            EXISTS test.demo 'b'
            CONNECT '127.0.0.1:\(served.port)'
            PUT test.demo 'c' {v: 3}
            """])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Connected to the embedded store \(second.path).\n"))
        #expect(run.stdout.contains("Connected to the cluster at 127.0.0.1:\(served.port).\n"))
        // The failed CONNECT left the session on the second store, where 'b' is.
        #expect(run.stdout.contains("\ntrue\n"), "\(run.stdout)")
        #expect(run.stderr.hasPrefix("error: line 4: cannot connect to 127.0.0.1:1: connection refused\n"), "\(run.stderr)")
        #expect(try await first.run("EXISTS test.demo 'a'; EXISTS test.demo 'b'", extra: ["-o", "raw"]).stdout == "true\nfalse\n")
        #expect(try await second.run("EXISTS test.demo 'b'", extra: ["-o", "raw"]).stdout == "true\n")
        #expect(try await served.run("EXISTS test.demo 'c'", extra: ["-o", "raw"]).stdout == "true\n")
    }

    /// A session that starts on a cluster runs its statements on the client's event loop
    /// thread; CONNECT closes that client and its loop. The statements after it must run
    /// on the new target, not wait for the closed loop (they hung when the whole script ran
    /// there), piped and with -c alike.
    @Test(arguments: [true, false])
    func connectAwayFromAClusterGoesOn(piped: Bool) async throws {
        let first = try StoreFile(.served)
        let second = try StoreFile(.served)
        let embedded = try StoreFile()
        let script = """
            PUT test.demo 'a' {v: 1}
            CONNECT '127.0.0.1:\(second.port)'
            PUT test.demo 'b' {v: 2}
            CONNECT EMBEDDED '\(embedded.path)'
            PUT test.demo 'c' {v: 3}
            EXISTS test.demo 'c'

            """
        let arguments = ["-h", "127.0.0.1:\(first.port)", "-o", "raw"]
        let run = piped
            ? try await Aerosh.run(arguments, stdin: script, killAfter: .seconds(30))
            : try await Aerosh.run(arguments + ["-c", script], killAfter: .seconds(30))
        #expect(!run.killed, "the statements after CONNECT did not run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("Connected to the embedded store \(embedded.path).\ntrue\n"), "\(run.stdout)")
        #expect(try await first.run("EXISTS test.demo 'a'; EXISTS test.demo 'b'", extra: ["-o", "raw"]).stdout == "true\nfalse\n")
        #expect(try await second.run("EXISTS test.demo 'b'", extra: ["-o", "raw"]).stdout == "true\n")
    }

    @Test(arguments: StoreMode.allCases)
    func aqlCastsInInsert(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let run = try await store.run(#"""
            INSERT INTO test.demo (PK, n, f, s, l) VALUES ('cast', CAST('12' AS INT), CAST(3 AS FLOAT), CAST(42 AS STRING), CAST('[1, "a"]' AS LIST));
            SELECT * FROM test.demo WHERE PK = 'cast'
            """#, json: true)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""bins": {"n": 12, "f": 3.0, "s": "42", "l": [1, "a"]}"#), "\(run.stdout)")
        let bad = try await store.run("INSERT INTO test.demo (PK, n) VALUES ('bad', CAST('twelve' AS INT))")
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: line 1, column 51: cannot cast 'twelve' to an integer\n"), "\(bad.stderr)")
    }

    @Test func aScriptStopsAtTheFirstFailingStatement() async throws {
        let store = try StoreFile()
        let script = try temporaryScript("""
            PUT test.demo 'a' {v: 1}
            GET test.demo 'missing'
            PUT test.demo 'after' {v: 1}
            """)
        let run = try await Aerosh.run(["--embedded", store.path, "-q", "-f", script])
        #expect(run.status == 1)
        #expect(run.stderr == "error: \(script): line 2: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'missing'\n")
        #expect(try await store.run("EXISTS test.demo 'after'", json: true).stdout.contains(#""meta": null"#))
        #expect(try await store.run("EXISTS test.demo 'a'", json: true).stdout.contains(#""gen": 1"#))
    }

    @Test func continueOnErrorRunsEverythingAndSummarises() async throws {
        let store = try StoreFile()
        let run = try await store.run("GET test.demo 'missing'\nPUT test.demo 'after' {v: 1}\nREMOVE test.demo 'gone'", extra: ["--continue-on-error"])
        #expect(run.status == 1)
        #expect(run.stderr == """
            error: line 1: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'missing'
            error: line 3: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'gone'
            2 of 3 statements failed (lines 1, 3)

            """)
        #expect(try await store.run("EXISTS test.demo 'after'", json: true).stdout.contains(#""gen": 1"#))
    }

    @Test func statementsFromStandardInput() async throws {
        let store = try StoreFile()
        let run = try await Aerosh.run(["--embedded", store.path, "-q", "-o", "json"], stdin: "PUT test.demo 'in' {v: 'piped'}\nGET test.demo 'in'\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains(#""bins": {"v": "piped"}"#))
    }

    @Test func aSyntaxErrorRunsNothingAndPointsAtTheColumn() async throws {
        let store = try StoreFile()
        let run = try await store.run("PUT test.demo 'a' {v: 1}\nGTE test.demo 'a'\nPUT test.demo 'b' {v: }")
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            error: line 2, column 1: unknown statement 'GTE'; did you mean GET?
              2 | GTE test.demo 'a'
                | ^
            error: line 3, column 23: expected a value, found '}'
              3 | PUT test.demo 'b' {v: }
                |                       ^
            2 syntax errors; nothing was executed

            """)
        #expect(try await store.run("EXISTS test.demo 'a'", json: true).stdout.contains(#""meta": null"#))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let store = try StoreFile()
        let both = try await Aerosh.run(["--embedded", store.path, "-c", "GET test.demo 'a'", "-f", "/dev/null"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("-c and -f cannot be used together"))
        let unknown = try await Aerosh.run(["--frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option '--frobnicate'"))
        let twoTargets = try await Aerosh.run(["--embedded", store.path, "-h", "127.0.0.1", "-c", "GET test.demo 'a'"])
        #expect(twoTargets.status == 2)
        #expect(twoTargets.stderr.contains("--embedded and -h cannot be used together"))
        let badHost = try await Aerosh.run(["-h", "127.0.0.1:notaport", "-c", "GET test.demo 'a'"])
        #expect(badHost.status == 2)
        let missingFile = try await Aerosh.run(["--embedded", store.path, "-f", "/nonexistent/script.aql"])
        #expect(missingFile.status == 2)
        #expect(missingFile.stderr == "error: cannot read /nonexistent/script.aql: No such file or directory\n")
        let badOutput = try await Aerosh.run(["--embedded", store.path, "-o", "xml", "-c", "GET test.demo 'a'"])
        #expect(badOutput.status == 2)
    }

    @Test func loginOptionsAreCheckedBeforeAnythingRuns() async throws {
        let store = try StoreFile()
        let passwordAlone = try await Aerosh.run(["-P", "secret", "-c", "GET test.demo 'a'"])
        #expect(passwordAlone.status == 2)
        #expect(passwordAlone.stderr.contains("-P needs a user: give -U"))
        let bareP = try await Aerosh.run(["-P", "-c", "GET test.demo 'a'"])
        #expect(bareP.status == 2)
        #expect(bareP.stderr.contains("-P needs a user: give -U"))
        let embedded = try await Aerosh.run(["--embedded", store.path, "-U", "ann", "-P", "x", "-c", "GET test.demo 'a'"])
        #expect(embedded.status == 2)
        #expect(embedded.stderr.contains("-U logs in to a cluster; the embedded store has no users"))
    }

    @Test func anUnreachableServerExitsWithThree() async throws {
        let run = try await Aerosh.run(["-h", "127.0.0.1:1", "-c", "GET test.demo 'a'"])
        #expect(run.status == 3)
        #expect(run.stdout == "")
        #expect(run.stderr == "error: cannot connect to 127.0.0.1:1: connection refused\n")
    }

    @Test func anUnopenableStoreExitsWithThree() async throws {
        let run = try await Aerosh.run(["--embedded", "/nonexistent-dir/store.db", "-c", "GET test.demo 'a'"])
        #expect(run.status == 3)
        #expect(run.stderr.hasPrefix("error: cannot open the embedded store at /nonexistent-dir/store.db"))
    }

    @Test func helpAndVersion() async throws {
        // The top level shows what a person came for: the shell's usage and options, and
        // serve as a subcommand.
        let help = try await Aerosh.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: aerosh <options>"), "\(help.stdout)")
        for option in ["-h, --host", "-c, --command", "-f, --file", "-o, --output", "--embedded <path>"] {
            #expect(help.stdout.contains(option), "\(option) missing from --help")
        }
        #expect(help.stdout.contains("SUBCOMMANDS:\n  serve "))
        #expect(try await Aerosh.run(["help"]).stdout == help.stdout)
        let shellHelp = try await Aerosh.run(["shell", "--help"])
        #expect(shellHelp.stdout.contains("--embedded <path>"))
        let serveHelp = try await Aerosh.run(["serve", "--help"])
        #expect(serveHelp.stdout.contains("--data <path>"))
        // The version and the git revision of the build: `unknown` from a plain `swift build`,
        // the commit (and -dirty) from the Makefile's builds.
        let version = try await Aerosh.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.wholeMatch(of: /aerosh \d+\.\d+\.\d+ \(git ([0-9a-f]{4,}(-dirty)?|unknown)\)\n/) != nil, "\(version.stdout)")
    }

    @Test func completionScripts() async throws {
        // bash's has the adapter that completes `aerosh --emb…` as `aerosh shell --emb…`.
        let bash = try await Aerosh.run(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdout.contains("--embedded"))
        #expect(bash.stdout.hasSuffix("complete -o filenames -F _aerosh_default_subcommand aerosh\n"))
        let zsh = try await Aerosh.run(["--generate-completion-script=zsh"])
        #expect(zsh.stdout.hasPrefix("#compdef aerosh"))
        let fish = try await Aerosh.run(["--generate-completion-script", "fish"])
        #expect(fish.stdout.contains("complete -c 'aerosh'") || fish.stdout.contains("complete -c aerosh"), "\(fish.stdout.prefix(400))")
        let unknown = try await Aerosh.run(["--generate-completion-script", "tcsh"])
        #expect(unknown.status != 0)
        #expect(unknown.stdout == "")
    }

    @Test func twoProcessesShareAStoreFile() async throws {
        let store = try StoreFile()
        #expect(try await store.run("PUT test.demo 'shared' {v: 'from the first process'}").status == 0)
        let second = try await store.json("GET test.demo 'shared'")
        #expect(second.object("bins")?["v"] as? String == "from the first process")
    }
}

@Suite("The demo script")
struct DemoScriptTests {
    @Test func runsCleanlyAndShowsTheSeedResults() async throws {
        let store = try StoreFile()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/demo.aql").path
        let run = try await Aerosh.run(["--embedded", store.path, "-q", "-o", "json", "-f", script])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let documents = run.stdout.split(separator: "\n")
        #expect(documents.count == 12)
        #expect(documents.contains { $0.contains(#""bins": {"name": "Alice Smith", "age": 31, "score": 0.5, "greeting": "Hello, "}"#) })
        #expect(documents.contains { $0.hasSuffix(#""results": [["counter", 2]]}"#) })
        #expect(documents.last?.hasSuffix(#""meta": null}"#) == true)
    }
}

@Suite("Namespaces")
struct NamespaceOptionTests {
    @Test func namespacesAndDefaultTTLsFromTheCommandLine() async throws {
        let store = try StoreFile()
        let start = ContinuousClock.now
        let run = try await store.run("PUT users.demo 'a' {v: 1}; PUT test.demo 'b' {v: 1}; PUT bar.demo 'c' {v: 1}", extra: ["--namespace", "users:default-ttl=60", "--namespace", "test:default-ttl=0"])
        #expect(run.status == 0, "\(run.stderr)")
        let users = try await Aerosh.run(["--embedded", store.path, "--namespace", "users", "-o", "json", "-c", "EXISTS users.demo 'a'; EXISTS test.demo 'b'"])
        let lines = users.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
        expectTTL(first?.object("meta")?["ttl"], wrote: 60, since: start)
        #expect(lines.last?.contains(#""ttl": -1}"#) == true)
        #expect(try await store.run("GET users.demo 'a'").status == 1)  // not configured in this run
        let bad = try await Aerosh.run(["--embedded", store.path, "--namespace", "x:ttl=5", "-c", "GET test.demo 'a'"])
        #expect(bad.status == 2)
    }
}

@Suite("Session settings")
struct SessionSettingsTests {
    @Test(arguments: StoreMode.allCases)
    func settingsApplyToTheStatementsAfterThem(mode: StoreMode) async throws {
        let store = try StoreFile(mode)
        let run = try await Aerosh.run(store.targetArguments + ["-c", """
            SET TTL 300
            SET SEND KEY ON
            PUT test.demo 'a' {v: 1}
            SET META OFF
            SET TIMING OFF
            GET test.demo 'a'
            SET OUTPUT JSON
            EXISTS test.demo 'a'
            SET OUTPUT RAW
            GET test.demo 'a' BINS v
            SET ON ERROR CONTINUE
            GET test.demo 'missing'
            SET OUTPUT TABLE
            SHOW SETTINGS
            """])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1] == "v")
        #expect(lines[2] == "1")
        #expect(lines[3] == "1 row in set")
        // SET TTL 300, read back a moment later: 300, or 29x once a second boundary passed.
        #expect(lines[4].contains(/"meta": \{"gen": 1, "ttl": (300|29\d)\}/), "\(lines[4])")
        #expect(lines[5] == "1")
        #expect(Array(lines[6...12]) == [
            // Served runs pass --timeout 20000 (see StoreFile).
            "OUTPUT    TABLE", mode == .served ? "TIMEOUT   20000ms" : "TIMEOUT   DEFAULT", "TTL       300", "SEND KEY  ON", "TIMING    OFF", "META      OFF", "ON ERROR  CONTINUE",
        ])
        #expect(run.stderr.hasPrefix("error: line 12: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'missing'"))
    }
}

@Suite("Echo")
struct EchoTests {
    @Test func echoPrintsEachStatementBeforeItsResult() async throws {
        let store = try StoreFile()
        let run = try await store.run("PUT test.demo 'a' {v: 1}; GET test.demo 'a'", extra: ["-e", "-o", "raw"])
        #expect(run.stdout == "PUT test.demo 'a' {v: 1}\nGET test.demo 'a'\n1\n")
    }
}

@Suite("RUN 'file'")
struct RunFileTests {
    @Test func aFileRunsInTheSessionAndKeepsItsSettings() async throws {
        let store = try StoreFile()
        let inner = try temporaryScript("SET OUTPUT RAW\nPUT test.demo 'r' {v: 'from the file'}\n")
        let run = try await store.run("RUN '\(inner)'\nGET test.demo 'r'")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "from the file\n")
    }

    @Test func errorsNameTheFileAndTheLine() async throws {
        let store = try StoreFile()
        let inner = try temporaryScript("PUT test.demo 'a' {v: 1}\nGET test.demo 'missing'\n")
        let run = try await store.run("RUN '\(inner)'\nPUT test.demo 'after' {v: 1}")
        #expect(run.status == 1)
        #expect(run.stderr == "error: \(inner): line 2: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'missing'\n")
        let missing = try await store.run("RUN '/nonexistent/x.aql'")
        #expect(missing.stderr == "error: line 1: cannot read /nonexistent/x.aql: No such file or directory\n")
        let itself = try temporaryScript("")
        try "RUN '\(itself)'\n".write(toFile: itself, atomically: true, encoding: .utf8)
        let loop = try await store.run("RUN '\(itself)'")
        #expect(loop.status == 1)
        #expect(loop.stderr.contains("nests more than 16 files deep"))
    }
}

@Suite("A server that dies mid-script")
struct ServerDiesTests {
    @Test func theRunningStatementFailsWithItsLineAndTheScriptStops() async throws {
        let store = try StoreFile(.served)
        // Long enough to be running when the server dies; each statement is a round trip.
        let script = try temporaryScript((0..<200_000).map { "PUT test.demo 'k\($0)' {v: \($0)}" }.joined(separator: "\n"))
        let started = ContinuousClock.now
        async let run = Aerosh.run(["-h", "127.0.0.1:\(store.port)", "-q", "--timeout", "2000", "-f", script])
        // Kill the server once the script is under way (its 100th write has landed).
        var underWay = false
        while !underWay && ContinuousClock.now - started < .seconds(60) {
            try await Task.sleep(for: .milliseconds(100))
            underWay = try await store.run("EXISTS test.demo 'k100'", extra: ["-o", "raw"]).stdout == "true\n"
        }
        #expect(underWay)
        store.stopServer()
        let killed = ContinuousClock.now
        let result = try await run
        #expect(result.status == 1)
        let line = try #require(result.stderr.split(separator: "\n").first.map(String.init))
        #expect(line.wholeMatch(of: /error: .*: line \d+: AEROSPIKE_ERR_(CONNECTION \(-10\)|TIMEOUT \(9\)): test\.demo 'k\d+'.*/) != nil, "\(line)")
        // It gave up within the statement's timeout, not after the whole script.
        #expect(ContinuousClock.now - killed < .seconds(30))
    }
}
