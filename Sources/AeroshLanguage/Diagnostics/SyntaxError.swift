/// A statement that could not be parsed, pointing at the byte where parsing failed.
public struct SyntaxError: Error, Sendable, Hashable {
    public var message: String
    /// Byte offset into the source.
    public var offset: Int
    /// True when the input ended before the statement did: the REPL reads another line
    /// instead of reporting it.
    public var isIncomplete: Bool

    public init(_ message: String, at offset: Int, isIncomplete: Bool = false) {
        self.message = message
        self.offset = offset
        self.isIncomplete = isIncomplete
    }
}
