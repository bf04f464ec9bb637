#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A yes-or-no question at the terminal, for what cannot be undone (TRUNCATE): asked on
/// standard error, answered on standard input (the terminal, between two prompts, in its
/// ordinary line mode). Only `y` or `yes` goes on; Enter alone, end of input or Ctrl-C
/// (which cancels the statement's task) do not.
enum TerminalConfirmation {
    static func ask(_ question: String) async -> Bool {
        _ = FileDescriptorSink.writeAll(Array(question.utf8), to: 2)
        var answer: [UInt8] = []
        while true {
            // Waits a tenth of a second at a time, so a Ctrl-C (the task cancelled) ends it.
            if Task.isCancelled { return false }
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno != EINTR { return false }
            guard ready > 0 else { continue }
            var byte: UInt8 = 0
            guard read(0, &byte, 1) == 1 else { return false }
            if byte == UInt8(ascii: "\n") { break }
            answer.append(byte)
        }
        let text = String(decoding: answer, as: UTF8.self).filter { !$0.isWhitespace }.lowercased()
        return text == "y" || text == "yes"
    }
}
