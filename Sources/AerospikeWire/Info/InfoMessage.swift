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
        // Split as bytes: split as Characters, a reply with a node's partition bitmaps
        // (several kilobytes) cost a one-shot command more than its own request.
        body.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var answers: [(command: String, value: String)] = []
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if end > start {
                    let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    if let tab = line.firstIndex(of: UInt8(ascii: "\t")) {
                        answers.append((
                            String(decoding: UnsafeBufferPointer(rebasing: line[..<tab]), as: UTF8.self),
                            String(decoding: UnsafeBufferPointer(rebasing: line[(tab + 1)...]), as: UTF8.self)))
                    } else {
                        answers.append((String(decoding: line, as: UTF8.self), ""))
                    }
                }
                start = end + 1
            }
            return answers
        }
    }

    /// The command's name: what comes before the first `:`, `/` or `;`.
    public static func name(of command: String) -> Substring {
        command.prefix { $0 != ":" && $0 != "/" && $0 != ";" }
    }
}
