/// Reading the text of info replies: `a=1;b=2` parameter lists and `ns=test:set=x;…`
/// record lists, the shapes `sets`, `sindex-list` and `namespace/…` answer in.
public enum InfoText {
    /// `key=value` pairs separated by `separator`, in order; a part without `=` is skipped.
    public static func pairs(_ text: some StringProtocol, separator: Character) -> [(String, String)] {
        text.split(separator: separator, omittingEmptySubsequences: true).compactMap { part in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            return (String(part[..<equals]), String(part[part.index(after: equals)...]))
        }
    }

    /// A list of records, `;` between records and `:` between a record's fields.
    public static func records(_ text: some StringProtocol) -> [[String: String]] {
        text.split(separator: ";", omittingEmptySubsequences: true).map { record in
            Dictionary(pairs(record, separator: ":"), uniquingKeysWith: { first, _ in first })
        }
    }

    /// An info reply that reports an error (`ERROR:4:unrecognized command`, `FAIL:…`):
    /// its code and message.
    public static func failure(_ reply: String) -> (code: Int, message: String)? {
        let upper = reply.prefix(5).uppercased()
        guard upper.hasPrefix("ERROR") || upper.hasPrefix("FAIL") else { return nil }
        let parts = reply.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let code = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let message = parts.count > 2 ? String(parts[2]) : reply
        return (code, message)
    }
}
