/// Text built as UTF-8 bytes, each piece copied in at once: how tables and JSON build
/// their lines (appending `String`s, or a `String.UTF8View`, went a piece or a byte at a
/// time, and was a fifth of a piped GET's time in output).
extension Array where Element == UInt8 {
    /// A literal's bytes in one copy.
    mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// A string's UTF-8 in one copy.
    mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// An integer in decimal, formatted in place.
    mutating func appendDecimal(_ value: some BinaryInteger) {
        if value == 0 {
            append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        let start = count
        while magnitude > 0 {
            append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        }
        if value < 0 { append(UInt8(ascii: "-")) }
        self[start...].reverse()
    }

    /// `count` spaces (none for a count below one), copied from a row of them.
    mutating func appendSpaces(_ count: Int) {
        var left = count
        while left > 0 {
            let piece = Swift.min(left, spaceRow.count)
            spaceRow.withUnsafeBufferPointer { append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<piece])) }
            left -= piece
        }
    }
}

private let spaceRow = [UInt8](repeating: UInt8(ascii: " "), count: 64)
