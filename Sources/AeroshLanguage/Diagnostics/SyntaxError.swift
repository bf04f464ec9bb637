/// A statement that could not be parsed: what is wrong, where (the bytes of the offending
/// token), and what was probably meant — each a field, as swift-syntax's diagnostics keep
/// them, so a renderer or the prompt can use them without picking a message apart.
public struct SyntaxError: Error, Sendable, Hashable {
    /// What is wrong, without the suggestion.
    public var message: String
    /// The bytes of the source the error is about (empty at the end of the input).
    public var range: Range<Int>
    /// The word that was probably meant ("GET" for "GTE"), if one is close enough.
    public var suggestion: String?
    /// True when the input ended before the statement did: the REPL reads another line
    /// instead of reporting it.
    public var isIncomplete: Bool

    public init(_ message: String, at offset: Int, isIncomplete: Bool = false) {
        self.init(message, range: offset..<offset, isIncomplete: isIncomplete)
    }

    public init(_ message: String, range: Range<Int>, suggestion: String? = nil, isIncomplete: Bool = false) {
        self.message = message
        self.range = range
        self.suggestion = suggestion
        self.isIncomplete = isIncomplete
    }

    /// Byte offset into the source where the error starts.
    public var offset: Int { range.lowerBound }

    /// The message as shown: with "; did you mean …?" when there is a suggestion.
    public var text: String {
        suggestion.map { "\(message); did you mean \($0)?" } ?? message
    }
}
