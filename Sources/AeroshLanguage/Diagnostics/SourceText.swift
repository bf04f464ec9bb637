/// The text of a script, `-c` argument or REPL entry, with what diagnostics need to point
/// into it. Tokens keep byte offsets; line and column are computed only when printing.
public struct SourceText: Sendable {
    /// Shown in diagnostics: a file path, or nil for `-c` and stdin.
    public let name: String?
    public let text: String
    let bytes: [UInt8]
    /// Byte offset at which each line starts.
    private let lineStarts: [Int]
    /// The line number of the text's first line: a piece of a longer script read as it
    /// comes (a pipe) reports the script's line numbers.
    public let firstLine: Int

    public init(_ text: String, name: String? = nil, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// 1-based line and column of a byte offset; the column counts characters, not bytes.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
        return (low + firstLine, prefix.count + 1)
    }

    /// The text of a line (numbered as `location` numbers it), without its newline.
    public func line(_ lineNumber: Int) -> String {
        let number = lineNumber - firstLine + 1
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text of a byte range, for echoing a statement in an error.
    public func slice(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
