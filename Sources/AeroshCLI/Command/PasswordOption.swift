#if canImport(Glibc)
import Glibc
#endif

/// aql's `-P`: a password after it, or none, meaning "ask me". ArgumentParser options
/// always take a value, so a bare `-P` (last, or followed by another option) is rewritten
/// to the hidden `--ask-password` flag before parsing. A password that starts with '-' is
/// written `--password=-…`.
enum PasswordOption {
    static let askFlag = "--ask-password"

    static func rewrite(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            // Everything after "--" is an operand, never an option.
            if argument == "--" {
                result += arguments[index...]
                break
            }
            let isBare = argument == "-P" || argument == "--password"
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if isBare && (next == nil || next!.hasPrefix("-")) {
                result.append(askFlag)
            } else {
                result.append(argument)
            }
        }
        return result
    }
}

/// Reads a password from the terminal without echoing it, as aql and passwd do. Reads
/// /dev/tty, so a script on standard input is not consumed.
enum PasswordPrompt {
    enum Failure: Error {
        case noTerminal
    }

    static func read(prompt: String) throws(Failure) -> String {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard tty >= 0 else { throw .noTerminal }
        defer { close(tty) }
        var normal = termios()
        let canSilence = tcgetattr(tty, &normal) == 0
        if canSilence {
            var silent = normal
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ECHONL)
            tcsetattr(tty, TCSAFLUSH, &silent)
        }
        defer { if canSilence { tcsetattr(tty, TCSAFLUSH, &normal) } }
        _ = Array(prompt.utf8).withUnsafeBytes { write(tty, $0.baseAddress, $0.count) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
