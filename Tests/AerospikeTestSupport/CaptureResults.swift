/// What a client script printed per labelled step of a capture (`*.results.txt` next to
/// the capture): `label -> <Python repr of the result>` or `label -> error <Name> <code>`.
/// Tests read their expectations from it rather than restating them.
public enum CaptureResults {
    public enum Outcome: Sendable, Hashable {
        case value(PythonLiteral)
        case error(name: String, code: Int)
    }

    /// The steps in file order.
    public static func load(_ name: String) -> [(label: String, outcome: Outcome)] {
        parse(CaptureFile.readText(CaptureFile.directory + "/" + name))
    }

    public static func parse(_ text: String) -> [(label: String, outcome: Outcome)] {
        var steps: [(String, Outcome)] = []
        for line in text.split(separator: "\n") {
            guard let arrow = line.firstRange(of: " -> ") else { continue }
            let label = String(line[..<arrow.lowerBound])
            let rest = line[arrow.upperBound...]
            if rest.hasPrefix("error ") {
                let words = rest.split(separator: " ")
                steps.append((label, .error(name: String(words[1]), code: Int(words.last!)!)))
            } else {
                var parser = PythonLiteralParser(Array(rest.utf8))
                guard let literal = parser.parse() else { fatalError("unreadable result for \(label): \(rest)") }
                steps.append((label, .value(literal)))
            }
        }
        return steps
    }

    /// The outcome of the step with this label (the first, if it repeats).
    public static func outcome(_ label: String, in steps: [(label: String, outcome: Outcome)]) -> Outcome? {
        steps.first { $0.label == label }?.outcome
    }
}

/// The subset of Python literals a client's results print as.
public indirect enum PythonLiteral: Sendable, Hashable {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([PythonLiteral])
    case tuple([PythonLiteral])
    case dict([PythonPair])
}

public struct PythonPair: Sendable, Hashable {
    public var key: PythonLiteral
    public var value: PythonLiteral
}

struct PythonLiteralParser {
    private let bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parse() -> PythonLiteral? {
        let literal = value()
        skipSpace()
        return at == bytes.count ? literal : nil
    }

    private mutating func skipSpace() {
        while at < bytes.count, bytes[at] == UInt8(ascii: " ") { at += 1 }
    }

    private mutating func value() -> PythonLiteral? {
        skipSpace()
        guard at < bytes.count else { return nil }
        switch bytes[at] {
        case UInt8(ascii: "["): return sequence(close: "]").map(PythonLiteral.list)
        case UInt8(ascii: "("): return sequence(close: ")").map(PythonLiteral.tuple)
        case UInt8(ascii: "{"): return dict()
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return string()
        default: return word()
        }
    }

    private mutating func sequence(close: Character) -> [PythonLiteral]? {
        at += 1
        var items: [PythonLiteral] = []
        while true {
            skipSpace()
            if at < bytes.count, bytes[at] == close.asciiValue! { at += 1; return items }
            guard let item = value() else { return nil }
            items.append(item)
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1 }
        }
    }

    private mutating func dict() -> PythonLiteral? {
        at += 1
        var pairs: [PythonPair] = []
        while true {
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .dict(pairs) }
            guard let key = value() else { return nil }
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
            at += 1
            guard let item = value() else { return nil }
            pairs.append(PythonPair(key: key, value: item))
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1 }
        }
    }

    private mutating func string() -> PythonLiteral? {
        let quote = bytes[at]
        at += 1
        var text: [UInt8] = []
        while at < bytes.count, bytes[at] != quote {
            if bytes[at] == UInt8(ascii: "\\"), at + 1 < bytes.count { at += 1 }
            text.append(bytes[at])
            at += 1
        }
        guard at < bytes.count else { return nil }
        at += 1
        return .string(String(decoding: text, as: UTF8.self))
    }

    private mutating func word() -> PythonLiteral? {
        let start = at
        while at < bytes.count, !",)]}: ".utf8.contains(bytes[at]) { at += 1 }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        switch text {
        case "None": return PythonLiteral.none
        case "True": return .bool(true)
        case "False": return .bool(false)
        default: return Int64(text).map(PythonLiteral.int) ?? Double(text).map(PythonLiteral.float)
        }
    }
}

extension CaptureFile {
    /// The frames between one `mark:<label>` info request and the next, per label, in
    /// order: those of the marking connection (tend traffic on others is left out), the
    /// info frames themselves too.
    public static func labelledFrames(_ name: String) -> [(label: String, frames: [CapturedFrame])] {
        var steps: [(label: String, frames: [CapturedFrame])] = []
        var connection: Int?
        for frame in frames(name) {
            if frame.type == 1 {
                let text = String(decoding: frame.body, as: UTF8.self)
                if frame.direction == .toServer, text.hasPrefix("mark:") {
                    steps.append((String(text.dropFirst(5).prefix { $0 != "\n" }), []))
                    connection = frame.connection
                }
                continue
            }
            if !steps.isEmpty, frame.connection == connection { steps[steps.count - 1].frames.append(frame) }
        }
        return steps
    }
}
