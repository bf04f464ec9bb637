@testable import AeroshLanguage
import Testing

@Suite struct EditDistanceTests {
    @Test func distancesCountEachEditOnce() {
        #expect(EditDistance.between("GET", "GET") == 0)
        #expect(EditDistance.between("GTE", "GET") == 1)  // a transposition
        #expect(EditDistance.between("GT", "GET") == 1)
        #expect(EditDistance.between("PUTT", "PUT") == 1)
        #expect(EditDistance.between("", "PUT") == 3)
        #expect(EditDistance.between("SELECT", "DELETE") == 3)
    }

    @Test func nearestIsATypoOfTheWord() {
        #expect(EditDistance.nearest(to: "GTE", in: ["PUT", "GET", "SET"]) == "GET")
        #expect(EditDistance.nearest(to: "SELCT", in: ["SELECT", "DELETE"]) == "SELECT")
        // The first of equally close candidates.
        #expect(EditDistance.nearest(to: "XET", in: ["GET", "SET"]) == "GET")
        // A word that is a candidate needs no suggestion, wherever it stands in the list.
        #expect(EditDistance.nearest(to: "SET", in: ["GET", "SET"]) == nil)
        // Too far off: no guess. A two-letter word allows one edit.
        #expect(EditDistance.nearest(to: "ZZZZZ", in: ["GET", "PUT"]) == nil)
        #expect(EditDistance.nearest(to: "GZ", in: ["GET"]) == nil)
        #expect(EditDistance.nearest(to: "GE", in: ["GET"]) == "GET")
    }

    @Test func aLongWordIsComparedOnlyWithWordsOfNearlyItsLength() {
        // 100,000 letters against every statement keyword: without the length bound each
        // comparison fills a 100,000-row table.
        let long = String(repeating: "G", count: 100_000)
        #expect(EditDistance.nearest(to: long, in: StatementSyntax.all.map(\.keyword)) == nil)
        #expect(StatementSyntax.suggestion(for: long) == nil)
    }
}
