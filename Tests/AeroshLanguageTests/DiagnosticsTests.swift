import AerospikeCore
import Foundation
@testable import AeroshLanguage
import Testing

/// Parses `marked` with the expected error position marked by `‸`; returns the first error
/// and the offset where the marker stood.
func firstError(_ marked: String) -> (error: SyntaxError?, expectedOffset: Int) {
    let marker = "‸"
    let offset = marked.range(of: marker).map { marked.utf8.distance(from: marked.utf8.startIndex, to: $0.lowerBound.samePosition(in: marked.utf8)!) } ?? -1
    let text = marked.replacingOccurrences(of: marker, with: "")
    return (Parser.parse(SourceText(text)).errors.first, offset)
}

@Suite("Parser: diagnostics")
struct DiagnosticsTests {
    @Test(arguments: [
        ("‸GTE test.demo 'k'", "unknown statement 'GTE'; did you mean GET?"),
        ("GET test.demo ‸", "expected the record's key"),
        ("PUT test.demo 'k' {a: ‸}", "expected a value"),
        ("PUT test.demo 'k' {a: 1 ‸b: 2}", "expected ',' or '}'"),
        ("GET test.demo 'k' ‸TTL 5", "TTL does not apply to GET"),
        ("PUT test.demo 'k' {v: 1} TTL 5 ‸TTL 6", "TTL is given twice"),
        ("PUT test.demo 'k' {‸sixteen_bytes_xx: 1}", "bin name 'sixteen_bytes_xx' is 16 bytes; the limit is 15"),
        ("PUT test.demo 'k' {a: 1, ‸a: 2}", "bin 'a' is given twice"),
        ("PUT test.demo 'k' {v: 1} TTL ‸315360001", "TTL must be from 1 to 315360000"),
        ("INCREMENT test.demo 'k' age ‸'x'", "INCREMENT takes an integer or a float, not string"),
        ("APPEND test.demo 'k' name ‸5", "APPEND takes a string or bytes, not integer"),
        ("PUT test.demo 'k' {v: ‸99999999999999999999}", "out of the 64-bit range"),
        // Found by the statements fuzzer: 1e340 read as infinity, which renders as inf.
        ("PUT test.demo 'k' {v: ‸01e340}", "number 01e340 is out of the range of a 64-bit float"),
        ("PUT test.demo 'k' {v: ‸-1.5e309}", "out of the range of a 64-bit float"),
        ("GET test.demo DIGEST ‸x'0102'", "a digest is 20 bytes"),
        ("PUT test.demo 'k' {v: ‸x'abc'}", "even number of hex digits"),
        ("GET test.demo 'k' ‸extra", "expected ';' or the end of the line"),
        ("PUT test.demo 'k' {v: 1} ‸TLL 5", "found 'TLL'; did you mean TTL?"),
        ("GET test.demo 'k' ‸BIN a", "did you mean BINS?"),
        ("OPERATE test.demo 'k' ‸REDA a", "unknown operation 'REDA'; expected READ, WRITE, INCR, APPEND, PREPEND, TOUCH or DELETE; did you mean READ?"),
        ("OPERATE test.demo 'k' ‸FROB a", "unknown operation 'FROB'"),
        ("PUT test.demo 'k' {v: 1} TIMEOUT 5‸h", "unknown unit 'h'"),
        ("PUT test.demo 'k' {v: ‸bare}", "expected a value, found 'bare'"),
        // A real server refuses these map keys (AEROSPIKE_ERR_SERVER); aerosh says so first.
        ("PUT test.demo 'k' {m: {‸1.5: 'x'}}", "a map key must be an integer, a string or bytes, not float"),
        ("PUT test.demo 'k' {l: [1, {a: {‸[1]: 2}}]}", "a map key must be an integer, a string or bytes, not list"),
        ("PUT test.demo 'k' {m: {a: 1, ‸true: 2}}", "a map key must be an integer, a string or bytes, not boolean"),
        ("BATCH PUT test.demo ('k' {m: {‸null: 1}})", "a map key must be an integer, a string or bytes, not null"),
    ])
    func errorPointsAtTheRightPlace(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }

    @Test func theSuggestionAndTheRangeAreFieldsNotText() {
        let error = Parser.parse(SourceText("PUT test.demo 'k' {v: 1}\nGTE test.demo 'k'")).errors.first
        #expect(error?.message == "unknown statement 'GTE'")
        #expect(error?.suggestion == "GET")
        #expect(error?.range == 25..<28)
        #expect(error?.text == "unknown statement 'GTE'; did you mean GET?")
        let option = Parser.parse(SourceText("PUT test.demo 'k' {v: 1} TLL 5")).errors.first
        #expect(option?.suggestion == "TTL")
        #expect(option?.range == 25..<28)
        #expect(option?.message.contains("did you mean") == false)
    }

    @Test func unfinishedInputIsIncompleteNotAnError() {
        for text in ["PUT test.demo 'k' {a: 1,", "GET test.demo", "PUT test.demo 'k' {s: [1,\n 2", "OPERATE test.demo 'k' READ a,"] {
            let result = Parser.parse(SourceText(text))
            #expect(result.isIncomplete, "\(text)")
        }
        #expect(!Parser.parse(SourceText("GTE x")).isIncomplete)
        // A string ends on its line: an unclosed one is an error, not a continuation.
        #expect(!Parser.parse(SourceText("PUT test.demo 'k' {s: 'open")).isIncomplete)
    }

    @Test func everySyntaxErrorOfAScriptIsReportedAndGoodStatementsStillParse() {
        let result = Parser.parse(SourceText("""
            PUT test.demo 'a' {v: 1}
            GTE test.demo 'a'
            PUT test.demo 'b' {v: 'unterminated}
            GET test.demo 'a'
            PUT test.demo 'c' {v: }
            """))
        #expect(result.errors.count == 3)
        #expect(result.statements.count == 2)
    }

    @Test func renderedDiagnosticShowsLineColumnAndCaret() {
        let source = SourceText("PUT test.demo 'a' {v: 1}\nPUT test.demo 'é' {a: }\n")
        let error = Parser.parse(source).errors[0]
        #expect(DiagnosticRenderer.render(error, in: source) == """
            error: line 2, column 23: expected a value, found '}'
              2 | PUT test.demo 'é' {a: }
                |                       ^

            """)
    }
}

@Suite("Parser: limits")
struct ParserLimitTests {
    @Test func nestingIsBoundedLikeTheMsgpackDecoder() {
        let deepest = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(Parser.parse(SourceText("PUT test.demo 'k' {v: \(deepest)}")).errors.isEmpty)
        let tooDeep = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
        let errors = Parser.parse(SourceText("PUT test.demo 'k' {v: \(tooDeep)}")).errors
        #expect(errors.first?.message == "values nest more than 100 levels deep")
        #expect(errors.first?.offset == 22 + 100)
    }

    /// Hostile depth, far past the limit: a syntax error at the 101st level, found without
    /// recursing any deeper (100,000 levels of recursion would overflow the stack), in
    /// every place a statement nests: values, JSON(…) text, and WHERE conditions, whose
    /// parentheses, NOTs and arithmetic chains each build a deeper expression.
    @Test(arguments: [
        ("PUT test.demo 'k' {v: \(String(repeating: "[", count: 100_000))1}", "values nest more than 100 levels deep"),
        ("PUT test.demo 'k' {v: \(String(repeating: "{a: ", count: 100_000))1}", "values nest more than 100 levels deep"),
        ("PUT test.demo 'k' {v: JSON('\(String(repeating: "[", count: 100_000))')}", "values nest more than 100 levels deep"),
        ("SELECT * FROM test.demo WHERE \(String(repeating: "(", count: 100_000))v = 1", "a condition nests more than 100 levels deep"),
        ("SELECT * FROM test.demo WHERE \(String(repeating: "NOT ", count: 100_000))v = 1", "a condition nests more than 100 levels deep"),
        ("SELECT * FROM test.demo WHERE v\(String(repeating: " + 1", count: 100_000)) = 1", "a condition nests more than 100 levels deep"),
        ("SELECT * FROM test.demo WHERE v\(String(repeating: " * 2", count: 100_000)) = 1", "a condition nests more than 100 levels deep"),
    ])
    func hostileNestingIsAnErrorNotACrash(source: String, message: String) throws {
        let result = Parser.parse(SourceText(source))
        let error = try #require(result.errors.first)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(result.statements.isEmpty)
    }

    /// A condition's expression may nest 100 levels, as deep as the msgpack a server
    /// reads it from: a comparison is two (the comparison over its operands), each NOT or
    /// operator of a chain one more. One level past that is refused.
    @Test func conditionsUpToTheLimitParse() {
        func errors(_ condition: String) -> [SyntaxError] { Parser.parse(SourceText("SELECT * FROM test.demo WHERE \(condition)")).errors }
        #expect(errors(String(repeating: "NOT ", count: 98) + "v = 1").isEmpty)
        #expect(errors("v" + String(repeating: " + 1", count: 98) + " = 1").isEmpty)
        #expect(errors(String(repeating: "NOT ", count: 99) + "v = 1").first?.message == "a condition nests more than 100 levels deep")
        #expect(errors("v" + String(repeating: " + 1", count: 99) + " = 1").first?.message == "a condition nests more than 100 levels deep")
    }

    @Test func aVeryLongLineIsShownAsAWindowAroundTheCaret() throws {
        let tooDeep = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        let source = SourceText("PUT test.demo 'k' {v: \(tooDeep)}")
        let error = try #require(Parser.parse(source).errors.first)
        let lines = DiagnosticRenderer.render(error, in: source).split(separator: "\n")
        #expect(lines[0] == "error: line 1, column 123: values nest more than 100 levels deep")
        // The excerpt keeps the caret under the offending bracket and stays short.
        #expect(lines[1].count < 200 && lines[1].hasPrefix("  1 | …") && lines[1].hasSuffix("…"))
        let caretColumn = try #require(lines[2].firstIndex(of: "^")).utf16Offset(in: lines[2])
        let shown = Array(lines[1])
        #expect(shown[caretColumn] == "[" && shown[caretColumn - 1] == "[")
        // A line short enough is shown whole, as before.
        let short = SourceText("PUT test.demo 'k' {v: }")
        let shortError = try #require(Parser.parse(short).errors.first)
        #expect(DiagnosticRenderer.render(shortError, in: short).contains("  1 | PUT test.demo 'k' {v: }\n    |                       ^\n"))
    }
}
