import Foundation
import Testing

/// Every list/map operation and filter-expression form (Tests/Fixtures/every-form.aql) run
/// by a fresh `aerosh -f` on the embedded store, one `aerosh serve` node and
/// `serve --nodes 3`: the output, the errors and the exit status must be the same on all
/// three, and some of it is checked against what a real server answers.
@Suite("Every list/map operation and expression form, on every place data lives", .serialized)
struct EveryFormTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/every-form.aql").path

    /// Scans over the script's records, with filters; row order differs between nodes.
    static let scans = [
        "SELECT v FROM test.forms WHERE v > 2",
        "SELECT * FROM test.forms WHERE s LIKE 'a' OR SIZE(l) > 1",
        "SELECT COUNT(*) FROM test.forms WHERE v IS NOT NULL",
    ]

    struct Outcome: Equatable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Each scan's JSON lines, sorted.
        var scans: [[String]]

        var description: String { "status \(status)\n\(stdout)\(stderr)\(scans)" }
    }

    static func outcome(_ target: DataPlace) async throws -> Outcome {
        let place = try Place(target)
        let run = try await Aerosh.run(place.arguments + ["-q", "-o", "jsonl", "-f", script])
        var scans: [[String]] = []
        for scan in Self.scans {
            let result = try await place.run(scan)
            #expect(result.status == 0, "\(target): \(scan): \(result.stderr)")
            scans.append(result.stdout.split(separator: "\n").map(String.init).sorted())
        }
        return Outcome(status: run.status, stdout: run.stdout, stderr: run.stderr, scans: scans)
    }

    /// Each error line cut after its key (`… line N: CODE (n): ns.set 'pk'`), and the summary.
    static func failures(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map { line in
            guard line.hasPrefix("error: "), let key = line.range(of: "test.forms '") else { return String(line) }
            let afterKey = line[key.upperBound...]
            return String(line[..<(afterKey.firstIndex(of: "'").map { line.index(after: $0) } ?? line.endIndex)])
        }
    }

    @Test func theSameOutputEverywhere() async throws {
        let embedded = try await Self.outcome(.embedded)
        // What the script must show wherever it runs (the real server's answers where the
        // capture has them): the failures a server gives, by line, and nothing else failing.
        #expect(embedded.status == 1)
        #expect(embedded.stderr.hasSuffix("7 of 81 statements failed (lines 49, 51, 52, 53, 54, 55, 85)\n"), "\(embedded.stderr)")
        for code in ["AEROSPIKE_ERR_OP_NOT_APPLICABLE (26)", "AEROSPIKE_ERR_FAIL_ELEMENT_EXISTS (24)",
                     "AEROSPIKE_ERR_FAIL_ELEMENT_NOT_FOUND (23)", "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE (12)"] {
            #expect(embedded.stderr.contains(code), "\(code)")
        }
        // The ordered list stays sorted after appends that do not say ORDERED.
        #expect(embedded.stdout.contains(#"["o", [0, 1, 2, 3, 4, 5, 11, 12]]"#), "\(embedded.stdout)")
        // A read of a missing bin gives no result; a batch marks filtered keys 27.
        #expect(embedded.stdout.contains(#""results": []"#))
        #expect(embedded.stdout.contains(#""error": {"code": 27, "name": "AEROSPIKE_FILTERED_OUT"}"#))
        #expect(embedded.scans[2] == [#"{"count": 3}"#])
        #expect(embedded.scans[0].count == 3 && embedded.scans[1].count == 3)

        for target in [DataPlace.served, .cluster] {
            let other = try await Self.outcome(target)
            #expect(other.status == embedded.status, "\(target)")
            // The same statements fail with the same codes; the embedded store adds its own
            // detail after the key, which a server's reply has no room for.
            #expect(Self.failures(other.stderr) == Self.failures(embedded.stderr), "\(target): \(other.stderr)")
            #expect(other.scans == embedded.scans, "\(target)")
            let lines = other.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let expected = embedded.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == expected.count, "\(target): \(lines.count) lines, \(expected.count) on the embedded store")
            for (number, (line, want)) in zip(lines, expected).enumerated() where line != want {
                Issue.record("\(target), output line \(number + 1):\n  \(line)\nembedded:\n  \(want)")
            }
        }
    }
}
