import AeroshLanguage
import Foundation
import Testing

/// The manual must describe every statement the parser knows: the same table drives both.
@Suite("Manual page")
struct ManualTests {
    static let manual: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("man/aerosh.1"), encoding: .utf8)) ?? ""
    }()

    @Test func manualExists() {
        #expect(Self.manual.hasPrefix(".TH AEROSH 1"))
    }

    @Test(arguments: StatementSyntax.all.map(\.keyword))
    func everyStatementHasAnEntry(keyword: String) {
        let entries = Self.manual.split(separator: "\n").filter { $0.hasPrefix(".B \(keyword) ") }
        #expect(!entries.isEmpty, "man/aerosh.1 has no '.B \(keyword) …' entry")
    }

    @Test(arguments: StatementOptions.Kind.allCases)
    func everyOptionIsDocumented(kind: StatementOptions.Kind) {
        let spelling = kind.rawValue.split(separator: " / ").first.map(String.init) ?? kind.rawValue
        #expect(Self.manual.contains(spelling), "man/aerosh.1 does not mention \(spelling)")
    }
}
