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

    /// Every list and map function of OPERATE heads an entry of the manual (`.B NAME(…`).
    @Test(arguments: StatementHelp.listAndMapFunctions)
    func everyListAndMapFunctionHasAnEntry(name: String) {
        #expect(Self.manual.contains("\n.B \(name)("), "man/aerosh.1 has no '.B \(name)(…' entry")
    }

    @Test(arguments: StatementSyntax.all.map(\.keyword))
    func everyStatementHasAnEntry(keyword: String) {
        let entries = Self.manual.split(separator: "\n").filter { $0.hasPrefix(".B \(keyword) ") }
        #expect(!entries.isEmpty, "man/aerosh.1 has no '.B \(keyword) …' entry")
    }

    /// Every spelling of every option heads an entry of LANGUAGE's Options section: a tag
    /// line after `.TP` there, whose alternatives (split at `|`) one starts with it. A word
    /// merely mentioned elsewhere (TIMEOUT, TTL, DURABLE all are) does not count.
    @Test(arguments: StatementOptions.Kind.allCases)
    func everyOptionIsDocumented(kind: StatementOptions.Kind) {
        let tags = Self.optionTags(Self.manual)
        #expect(!tags.isEmpty, "man/aerosh.1 has no '.SS Options' section with entries")
        for spelling in kind.rawValue.components(separatedBy: " / ") {
            let documented = tags.contains { tag in tag.components(separatedBy: "|").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(spelling) } }
            #expect(documented, "man/aerosh.1's Options section has no entry for \(spelling); its entries: \(tags)")
        }
    }

    /// The Options section's entry tags as plain text: `.BR "TTL " n " | " "TTL NEVER"`
    /// becomes `TTL n | TTL NEVER`.
    static func optionTags(_ manual: String) -> [String] {
        let lines = manual.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: ".SS Options") else { return [] }
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix(".SH") && !$0.hasPrefix(".SS") }
        return zip(section, section.dropFirst()).compactMap { previous, line in
            guard previous == ".TP" else { return nil }
            var text = line
            for macro in [".BR ", ".BI ", ".IR ", ".B ", ".I "] where text.hasPrefix(macro) {
                text = String(text.dropFirst(macro.count))
                break
            }
            return text.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "  ", with: " ")
        }
    }
}
