@testable import AeroshCLI
import AerospikeTestSupport
import ArgumentParser
import Testing

/// The hand-read command lines must give exactly the command ArgumentParser gives, and
/// leave every other line to it.
@Suite("Quick command lines")
struct QuickCommandLineTests {
    /// Every property of the command, as text: what the two parses are compared by.
    func summary(_ command: ShellCommand) -> String {
        let tls = command.tls
        return [
            "embedded \(String(describing: command.embedded))", "hosts \(command.hosts)", "port \(String(describing: command.port))",
            "user \(String(describing: command.user))", "password \(String(describing: command.password))", "ask \(command.askPassword)",
            "namespaces \(command.namespaces.map { "\($0.config)" })", "command \(String(describing: command.command))",
            "file \(String(describing: command.file))", "output \(String(describing: command.output))",
            "timeout \(String(describing: command.timeout))", "socket \(String(describing: command.socketTimeout))",
            "quiet \(command.quiet)", "echo \(command.echo)", "noColor \(command.noColor)", "continue \(command.continueOnError)",
            "noHistory \(command.noHistory)", "maxRecords \(String(describing: command.maxRecords))",
            "concurrency \(String(describing: command.concurrency))", "yes \(command.yes)",
            "configFile \(String(describing: command.configFile))", "onlyConfigFile \(String(describing: command.onlyConfigFile))",
            "noConfigFile \(command.noConfigFile)", "instance \(String(describing: command.instance))",
            "tls \(String(describing: tls.enable)) \(String(describing: tls.name)) \(String(describing: tls.caFile)) \(String(describing: tls.caPath)) \(String(describing: tls.certFile)) \(String(describing: tls.keyFile)) \(String(describing: tls.protocols))",
        ].joined(separator: "\n")
    }

    /// What ArgumentParser makes of the line, as the entry point asks it.
    func parsedByArgumentParser(_ arguments: [String]) -> ShellCommand? {
        (try? AeroshCommand.parseAsRoot(arguments)) as? ShellCommand
    }

    @Test(arguments: [
        [],
        ["-c", "GET test.demo 'k'"],
        ["-h", "127.0.0.1", "-p", "3100", "-c", "GET test.demo 'k'; PUT test.demo 'k' {a: 1}"],
        ["-h", "a", "-h", "b:3001", "--host", "c", "-o", "jsonl", "-q", "-c", "x"],
        ["--embedded", "s.db", "--namespace", "ns1", "--namespace", "ns2:default-ttl=5", "-f", "x.aql", "-e", "--no-color",
         "--continue-on-error", "-y", "--no-config-file", "-T", "500", "--concurrency", "8"],
        ["--host", "h", "--port", "1", "--command", "c", "--output", "csv", "--quiet", "--echo", "--yes", "--timeout", "9"],
        ["-o", "vertical", "--file", "script.aql"],
        ["-c", ""],
    ])
    func aLineReadHereIsTheCommandArgumentParserMakes(arguments: [String]) throws {
        let quick = try #require(QuickCommandLine.shellCommand(arguments))
        let parsed = try #require(parsedByArgumentParser(arguments))
        #expect(summary(quick) == summary(parsed))
    }

    @Test(arguments: [
        ["--help"], ["help"], ["serve"], ["shell", "-c", "x"], ["--version"],
        // Passwords, users, TLS and the rarer options are ArgumentParser's.
        ["-U", "ann", "-c", "x"], ["--ask-password"], ["--tls-enable"], ["--max-records", "5"], ["--instance", "x"],
        // Spellings read only by ArgumentParser.
        ["--host=a"], ["-qe"], ["-p3000"], ["--", "-c"],
        // Values it would refuse or read differently.
        ["-p", "x"], ["-p", "-1"], ["-o", "JSON"], ["-c", "-- a comment"], ["-c"], ["--namespace", "bad name"],
        // Twice, and what validate() refuses.
        ["-c", "a", "-c", "b"], ["-q", "-q"], ["-c", "x", "-f", "y"], ["-T", "0"], ["--concurrency", "0"],
        ["--embedded", "s.db", "-h", "a"], ["-h", "x:99999"],
        ["unknown"],
    ])
    func anyOtherLineIsLeftToArgumentParser(arguments: [String]) {
        #expect(QuickCommandLine.shellCommand(arguments) == nil)
    }

    /// Random lines of the options read here and a few others: whenever one is read here,
    /// ArgumentParser reads it too, to the same command.
    @Test(arguments: 0..<6)
    func randomLinesAgreeWithArgumentParser(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let options = ["-h", "--host", "-p", "-c", "-f", "-o", "-T", "--embedded", "--namespace", "--concurrency",
                       "-q", "-e", "-y", "--no-color", "--continue-on-error", "--no-config-file", "-U", "--max-records"]
        let values = ["a", "b:3000", "3000", "0", "7", "json", "table", "GET test.demo 'k'", "ns", "-x", "x y"]
        var agreed = 0
        for _ in 0..<300 {
            var line: [String] = []
            for _ in 0..<Int(generator.next() % 6) {
                line.append(options[Int(generator.next() % UInt64(options.count))])
                if generator.next() % 4 != 0 { line.append(values[Int(generator.next() % UInt64(values.count))]) }
            }
            guard let quick = QuickCommandLine.shellCommand(line) else { continue }
            agreed += 1
            guard let parsed = parsedByArgumentParser(line) else {
                Issue.record("read here but refused by ArgumentParser: \(line)")
                continue
            }
            #expect(summary(quick) == summary(parsed), "\(line)")
        }
        // The generator must reach lines read here, or the test proves nothing.
        #expect(agreed > 20)
    }
}
