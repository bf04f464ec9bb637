/// Turns source text into tokens.
///
/// Newlines become tokens only outside brackets, so a map or list may span lines; the
/// parser decides whether a newline ends a statement.
public struct Lexer {
    /// The source's bytes, valid for the lexer's life (`tokenize` lends them): read
    /// without an array's bounds checks and reference counting at every byte.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// The text of each string that holds escapes (other strings are read from `bytes`).
    private var resolvedStrings: [String] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// All tokens, ending with `.end`. Malformed text becomes an `.invalid` token running to
    /// the end of its line, with its error in `errors`, so one bad literal does not hide the
    /// errors after it.
    public static func tokenize(_ source: SourceText) -> (stream: TokenStream, errors: [SyntaxError]) {
        source.bytes.withUnsafeBufferPointer { bytes in
            tokenize(bytes, of: source)
        }
    }

    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, of source: SourceText) -> (stream: TokenStream, errors: [SyntaxError]) {
        var lexer = Lexer(bytes)
        var tokens: [Token] = []
        // A statement averages a token per 3–4 bytes: one allocation instead of doubling.
        tokens.reserveCapacity(source.bytes.count / 3 + 2)
        var errors: [SyntaxError] = []
        while true {
            do {
                let token = try lexer.next()
                tokens.append(token)
                if token.isEnd {
                    return (TokenStream(tokens: tokens, bytes: source.bytes, resolvedStrings: lexer.resolvedStrings), errors)
                }
            } catch {
                errors.append(error)
                let start = error.offset
                while let byte = lexer.peek(), byte != UInt8(ascii: "\n") { lexer.position += 1 }
                lexer.depth = 0
                tokens.append(Token(.invalid, start..<max(start, lexer.position)))
            }
        }
    }

    mutating func next() throws(SyntaxError) -> Token {
        skipBlanksAndComments()
        let start = position
        guard let byte = peek() else { return Token(.end, start..<start) }
        switch byte {
        case UInt8(ascii: "\n"):
            position += 1
            return Token(.newline, start..<position)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            let resolved = try string(quote: byte)
            return Token(.string, start..<position, resolvedIndex: resolved)
        case UInt8(ascii: "x") where peek(1) == UInt8(ascii: "'"), UInt8(ascii: "X") where peek(1) == UInt8(ascii: "'"):
            try bytesLiteral()
            return Token(.bytes, start..<position)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number(start: start)
        case UInt8(ascii: "-") where peek(1).map(isDigit) == true:
            return try number(start: start)
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"):
            // Comparison operators of a WHERE: <, <=, <>, >, >=, !=.
            let second = peek(1)
            let symbol: Token.Symbol
            switch (byte, second) {
            case (UInt8(ascii: "<"), UInt8(ascii: "=")?): symbol = .lessOrEqual
            case (UInt8(ascii: "<"), UInt8(ascii: ">")?): symbol = .notEqual
            case (UInt8(ascii: ">"), UInt8(ascii: "=")?): symbol = .greaterOrEqual
            case (UInt8(ascii: "!"), UInt8(ascii: "=")?): symbol = .notEqual
            case (UInt8(ascii: "<"), _): symbol = .less
            case (UInt8(ascii: ">"), _): symbol = .greater
            default: throw SyntaxError("unexpected character '!' (not equal is written != or <>)", at: start)
            }
            position += (symbol == .less || symbol == .greater) ? 1 : 2
            return Token(.symbol(symbol), start..<position)
        case UInt8(ascii: "."):
            if peek(1) == UInt8(ascii: ".") {
                position += 2
                return Token(.symbol(.dotDot), start..<position)
            }
            position += 1
            return Token(.symbol(.dot), start..<position)
        default:
            if isIdentifierStart(byte) {
                while let next = peek(), isIdentifierPart(next) { position += 1 }
                let code = KeywordCode(UnsafeBufferPointer(rebasing: bytes[start..<position]))
                return Token(.word, start..<position, keywordCode: code)
            }
            if let symbol = Lexer.singleByteSymbol(byte) {
                position += 1
                switch symbol {
                case .openParen, .openBracket, .openBrace: depth += 1
                case .closeParen, .closeBracket, .closeBrace: depth = max(0, depth - 1)
                default: break
                }
                return Token(.symbol(symbol), start..<position)
            }
            let character = String(decoding: bytes[start..<min(bytes.count, start + utf8Length(byte))], as: UTF8.self)
            throw SyntaxError("unexpected character '\(character)'", at: start)
        }
    }

    // MARK: - Pieces

    /// The symbols of one character, read from the byte (no string made to look it up).
    private static func singleByteSymbol(_ byte: UInt8) -> Token.Symbol? {
        switch byte {
        case UInt8(ascii: ","): .comma
        case UInt8(ascii: ";"): .semicolon
        case UInt8(ascii: ":"): .colon
        case UInt8(ascii: "="): .equals
        case UInt8(ascii: "+"): .plus
        case UInt8(ascii: "-"): .minus
        case UInt8(ascii: "/"): .slash
        case UInt8(ascii: "@"): .at
        case UInt8(ascii: "*"): .star
        case UInt8(ascii: "("): .openParen
        case UInt8(ascii: ")"): .closeParen
        case UInt8(ascii: "["): .openBracket
        case UInt8(ascii: "]"): .closeBracket
        case UInt8(ascii: "{"): .openBrace
        case UInt8(ascii: "}"): .closeBrace
        default: nil
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private mutating func skipBlanksAndComments() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if byte == UInt8(ascii: "\n") && depth > 0 {
                position += 1
            } else if byte == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
                while let next = peek(), next != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    /// Reads a string; returns -1 when its text is its bytes between the quotes, or where
    /// the text of one holding escapes went in `resolvedStrings`.
    private mutating func string(quote: UInt8) throws(SyntaxError) -> Int32 {
        let start = position
        position += 1
        // Most strings hold no escape: their bytes are the value, with nothing to build.
        var end = position
        while end < bytes.count, bytes[end] != quote, bytes[end] != UInt8(ascii: "\\"), bytes[end] != UInt8(ascii: "\n") {
            end += 1
        }
        if end < bytes.count, bytes[end] == quote {
            position = end + 1
            return -1
        }
        var out: [UInt8] = []
        while true {
            // A string ends on its own line; a line break inside is written \n.
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                throw SyntaxError("unterminated string: missing closing \(String(UnicodeScalar(quote)))", at: start)
            }
            position += 1
            if byte == quote { break }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            let escapeStart = position - 1
            guard let escaped = peek(), escaped != UInt8(ascii: "\n") else {
                throw SyntaxError("unterminated string: missing closing \(String(UnicodeScalar(quote)))", at: start)
            }
            position += 1
            switch escaped {
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "u"):
                out.append(contentsOf: try unicodeEscape(escapeStart: escapeStart))
            default:
                throw SyntaxError("unknown escape '\\\(String(UnicodeScalar(escaped)))'", at: escapeStart)
            }
        }
        resolvedStrings.append(String(decoding: out, as: UTF8.self))
        return Int32(resolvedStrings.count - 1)
    }

    /// `\u{1F600}` or JSON's `\u00e9` (with surrogate pairs).
    private mutating func unicodeEscape(escapeStart: Int) throws(SyntaxError) -> [UInt8] {
        var value: UInt32
        if peek() == UInt8(ascii: "{") {
            position += 1
            let digitsStart = position
            while let byte = peek(), byte != UInt8(ascii: "}") { position += 1 }
            guard peek() == UInt8(ascii: "}"), position > digitsStart, position - digitsStart <= 6,
                  let parsed = UInt32(String(decoding: bytes[digitsStart..<position], as: UTF8.self), radix: 16)
            else { throw SyntaxError("malformed \\u{…} escape", at: escapeStart) }
            position += 1
            value = parsed
        } else {
            value = try fourHexDigits(escapeStart: escapeStart)
            if (0xD800..<0xDC00).contains(value), peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") {
                position += 2
                let low = try fourHexDigits(escapeStart: escapeStart)
                guard (0xDC00..<0xE000).contains(low) else { throw SyntaxError("malformed surrogate pair", at: escapeStart) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw SyntaxError("\\u escape is not a Unicode scalar", at: escapeStart)
        }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func fourHexDigits(escapeStart: Int) throws(SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count,
              let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw SyntaxError("malformed \\u escape: expected four hex digits", at: escapeStart) }
        position += 4
        return value
    }

    /// Checks a bytes literal; `TokenStream.bytes(of:)` reads its value when it is needed.
    private mutating func bytesLiteral() throws(SyntaxError) {
        let start = position
        position += 2
        let digitsStart = position
        while let byte = peek(), byte != UInt8(ascii: "'"), byte != UInt8(ascii: "\n") {
            guard isHexDigit(byte) || byte == UInt8(ascii: " ") else {
                throw SyntaxError("bytes literal holds a character that is not a hex digit", at: position)
            }
            position += 1
        }
        guard peek() == UInt8(ascii: "'") else {
            throw SyntaxError("unterminated bytes literal: missing closing '", at: start)
        }
        let digitCount = bytes[digitsStart..<position].count { $0 != UInt8(ascii: " ") }
        position += 1
        guard digitCount % 2 == 0 else {
            throw SyntaxError("bytes literal needs an even number of hex digits", at: start)
        }
    }

    private mutating func number(start: Int) throws(SyntaxError) -> Token {
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X") {
            position += 2
            let digitsStart = position
            while let byte = peek(), isHexDigit(byte) { position += 1 }
            let digits = String(decoding: bytes[digitsStart..<position], as: UTF8.self)
            let negative = bytes[start] == UInt8(ascii: "-")
            guard !digits.isEmpty, let magnitude = UInt64(digits, radix: 16) else {
                throw SyntaxError("malformed hexadecimal integer", at: start)
            }
            // 0x literals may spell any 64-bit pattern, as in C.
            let value = Int64(bitPattern: magnitude)
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { throw SyntaxError("integer is out of the 64-bit range", at: start) }
                return Token(.integer(0 &- value), start..<position)
            }
            return Token(.integer(value), start..<position)
        }
        // Plain decimal integers, the common case, are read from the bytes directly.
        var magnitude: UInt64 = 0
        var overflow = false
        while let byte = peek(), isDigit(byte) {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
            magnitude = sum
            overflow = overflow || o1 || o2
            position += 1
        }
        if !overflow, peek() != UInt8(ascii: "."), peek() != UInt8(ascii: "e"), peek() != UInt8(ascii: "E") {
            let negative = bytes[start] == UInt8(ascii: "-")
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                return Token(.integer(0 &- Int64(truncatingIfNeeded: magnitude)), start..<position)
            }
            if !negative, magnitude <= UInt64(Int64.max) {
                return Token(.integer(Int64(magnitude)), start..<position)
            }
        }
        var isFloat = false
        if peek() == UInt8(ascii: "."), peek(1).map(isDigit) == true {
            isFloat = true
            position += 1
            while let byte = peek(), isDigit(byte) { position += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var lookahead = 1
            if peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") { lookahead = 2 }
            if peek(lookahead).map(isDigit) == true {
                isFloat = true
                position += lookahead
                while let byte = peek(), isDigit(byte) { position += 1 }
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isFloat {
            guard let value = Double(text) else { throw SyntaxError("malformed number '\(text)'", at: start) }
            // 1e400 reads as infinity, which no literal can spell back (a double bin prints
            // it as inf): out of range, like an integer past 64 bits.
            guard value.isFinite else { throw SyntaxError("number \(text) is out of the range of a 64-bit float", at: start) }
            return Token(.float(value), start..<position)
        }
        guard let value = Int64(text) else {
            throw SyntaxError("integer \(text) is out of the 64-bit range", at: start)
        }
        return Token(.integer(value), start..<position)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }

    private func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
