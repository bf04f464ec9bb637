import NIOCore

/// The text info protocol: a request is command names (with optional parameters), each
/// ending in a newline; the reply echoes each request line, a tab, the value and a newline.
public enum InfoMessage {
    /// The request's commands in order; an empty body asks for the server's summary.
    public static func parseRequest(_ body: ByteBuffer) -> [String] {
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    public static func encodeRequest(_ commands: [String]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for command in commands {
            buffer.writeString(command)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }

    /// `name\tvalue\n` per answer, in request order.
    public static func encodeResponse(_ answers: [(command: String, value: String)]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (command, value) in answers {
            buffer.writeString(command)
            buffer.writeInteger(UInt8(ascii: "\t"))
            buffer.writeString(value)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }

    /// Reply lines as name → value (a line with no tab maps to "").
    public static func parseResponse(_ body: ByteBuffer) -> [(command: String, value: String)] {
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            guard let tab = line.firstIndex(of: "\t") else { return (String(line), "") }
            return (String(line[..<tab]), String(line[line.index(after: tab)...]))
        }
    }

    /// The command's name: what comes before the first `:`, `/` or `;`.
    public static func name(of command: String) -> Substring {
        command.prefix { $0 != ":" && $0 != "/" && $0 != ";" }
    }
}
