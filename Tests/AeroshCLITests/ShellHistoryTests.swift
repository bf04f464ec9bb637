@testable import AeroshCLI
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Shell history")
struct ShellHistoryTests {
    @Test func keepsStatementsOldestFirst() {
        var history = ShellHistory()
        let first = history.record("PUT test.demo 'a' {v: 1}")
        #expect(first)
        let second = history.record("GET test.demo 'a'")
        #expect(second)
        #expect(history.entries == ["PUT test.demo 'a' {v: 1}", "GET test.demo 'a'"])
    }

    @Test(arguments: [
        "CONNECT 127.0.0.1:3000 USER admin PASSWORD 'secret'",
        "connect h user u password 's'",
        "PUT test.users 'ann' {Password: 'x'}",
        "GET test.users 'ann' BINS name, password",
        "PUT test.u 'k' {\na: 1,\npassword: 'x'}",
    ])
    func neverKeepsAStatementThatMentionsAPassword(statement: String) {
        var history = ShellHistory(["GET test.demo 'a'"])
        let kept = history.record(statement)
        #expect(!kept)
        #expect(history.entries == ["GET test.demo 'a'"])
    }

    @Test(arguments: ["PUT test.u 'k' {passwords: 1}", "PUT test.u 'k' {old_password: 1}", "GET test.u 'passwordless'"])
    func aLongerWordIsNotThePasswordWord(statement: String) {
        #expect(!ShellHistory.mentionsPassword(statement))
    }

    @Test func aRepeatedStatementKeepsOnlyItsLatestPlace() {
        var history = ShellHistory()
        history.record("GET test.demo 'a'")
        history.record("GET test.demo 'b'")
        history.record("GET test.demo 'a'  ")
        #expect(history.entries == ["GET test.demo 'b'", "GET test.demo 'a'"])
    }

    @Test func blankEntriesAreNotKept() {
        var history = ShellHistory()
        let spaces = history.record("   ")
        #expect(!spaces)
        let lineBreak = history.record("\n")
        #expect(!lineBreak)
        #expect(history.entries.isEmpty)
    }

    @Test func onlyTheNewestEntriesWithinTheLimitStay() {
        var history = ShellHistory(limit: 3)
        for index in 1...5 { history.record("GET test.demo \(index)") }
        #expect(history.entries == ["GET test.demo 3", "GET test.demo 4", "GET test.demo 5"])
    }

    /// What the README promises: the newest 1000 statements, whether the shell starts
    /// without a file (`ShellHistory()`), loads one, or appends to one.
    @Test func theShellKeepsTheNewestThousand() throws {
        let statements = (1...1005).map { "GET test.demo \($0)" }
        var fresh = ShellHistory()
        for statement in statements { fresh.record(statement) }
        #expect(fresh.entries == Array(statements.suffix(1000)))

        var template = Array("/tmp/aerosh-history-XXXXXX".utf8CString)
        let folder = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        let file = HistoryFile(path: folder + "/history")
        defer {
            unlink(file.path)
            rmdir(folder)
        }
        #expect(file.write(statements))
        #expect(file.load().entries == Array(statements.suffix(1000)))
        #expect(file.append("GET test.demo 'newest'"))
        let reloaded = file.load(limit: 2000).entries
        #expect(reloaded == Array(statements.suffix(999)) + ["GET test.demo 'newest'"], "\(reloaded.count) entries, from \(reloaded.first ?? "none")")
    }

    @Test func aListReadFromAFileFollowsTheSameRules() {
        let history = ShellHistory(["a 1", "b PASSWORD 'x'", "c 1", "a 1", "", "d 1"], limit: 2)
        #expect(history.entries == ["a 1", "d 1"])
    }

    @Test func aMultiLineStatementIsOneFileLine() {
        let entries = ["PUT test.demo 'm' {\na: 1,\nb: 'x\\\\y'}", "GET test.demo 'm'", "back\\slash \\n literal"]
        let text = HistoryFileFormat.encode(entries)
        #expect(text == "PUT test.demo 'm' {\\na: 1,\\nb: 'x\\\\\\\\y'}\nGET test.demo 'm'\nback\\\\slash \\\\n literal\n")
        #expect(HistoryFileFormat.decode(text) == entries)
    }

    @Test func decodingToleratesCarriageReturnsAndBlankLines() {
        #expect(HistoryFileFormat.decode("a\r\n\nb\n\u{2028}c") == ["a", "b", "\u{2028}c"])
    }

    @Test func theFileLocationFollowsXDGThenHome() {
        func location(_ values: [String: String]) -> String? {
            HistoryFile.location { values[$0] }
        }
        #expect(location(["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/aerosh/history")
        #expect(location(["XDG_STATE_HOME": "/s/", "HOME": "/h"]) == "/s/aerosh/history")
        #expect(location(["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/aerosh/history")
        #expect(location(["HOME": "/h"]) == "/h/.local/state/aerosh/history")
        #expect(location(["HOME": "/"]) == "/.local/state/aerosh/history")
        #expect(location([:]) == nil)
    }

    @Test func theFileIsPrivateAndMergesWhatOtherSessionsWrote() throws {
        var template = Array("/tmp/aerosh-history-XXXXXX".utf8CString)
        let folder = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        let file = HistoryFile(path: folder + "/state/aerosh/history")
        defer {
            unlink(file.path)
            for leftover in ["/state/aerosh", "/state", ""] { rmdir(folder + leftover) }
        }
        #expect(file.load().entries.isEmpty)
        #expect(file.append("GET test.demo 'a'"))
        let other = HistoryFile(path: file.path)
        #expect(other.append("GET test.demo 'b'"))
        #expect(file.append("PUT test.u 'k' {password: 'x'}"))
        #expect(file.append("GET test.demo 'a'"))
        #expect(file.load().entries == ["GET test.demo 'b'", "GET test.demo 'a'"])

        var info = stat()
        #expect(stat(file.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(folder + "/state/aerosh", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }
}
