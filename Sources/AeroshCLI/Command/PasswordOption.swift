#if canImport(Glibc)
import Glibc
#endif

/// aql's `-P`: a password after it, or none, meaning "ask me". ArgumentParser options
/// always take a value, so a bare `-P` (last, or followed by another option) is rewritten
/// to the hidden `--ask-password` flag before parsing. A password that starts with '-' is
/// written `--password=-…`.
enum PasswordOption {
    static let askFlag = "--ask-password"

    /// The shell's options that take a value: an argument right after one of them is that
    /// value, never an option (`-c -P` runs the statement "-P").
    static let optionsTakingValues: Set<String> = [
        "-h", "--host", "-p", "--port", "-U", "--user", "-P", "--password", "-c", "--command", "-f", "--file",
        "-o", "--output", "-T", "--timeout", "--socket-timeout", "--embedded", "--namespace",
    ]

    static func rewrite(_ arguments: [String]) -> [String] {
        // Only the shell has -P; `aerosh serve …` is left alone.
        guard arguments.first != "serve" else { return arguments }
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            // Everything after "--" is an operand, never an option.
            if argument == "--" {
                result += arguments[index...]
                break
            }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if argument == "-P" || argument == "--password", next == nil || next!.hasPrefix("-") {
                result.append(askFlag)
                index += 1
            } else if optionsTakingValues.contains(argument), let next {
                result += [argument, next]
                index += 2
            } else {
                result.append(argument)
                index += 1
            }
        }
        return result
    }
}

extension PasswordOption {
    /// Overwrites a password given with `-P value` or `--password=value` in the process's
    /// own argument memory, so `ps` and /proc/PID/cmdline show x's instead, and says
    /// whether there was one (the shell then warns: the password was visible until now,
    /// and stays in the shell's history). Called once the arguments have been copied.
    @discardableResult
    static func hideFromProcessList() -> Bool {
        let count = Int(CommandLine.argc)
        let argv = CommandLine.unsafeArgv
        guard count > 1, let first = argv[1] else { return false }
        if String(cString: first) == "serve" {
            hideServeUserPasswords()
            return false
        }
        var found = false
        var index = 1
        while index < count, let argument = argv[index] {
            let text = String(cString: argument)
            if text == "--" { break }
            if (text == "-P" || text == "--password"), index + 1 < count, let value = argv[index + 1], value.pointee != UInt8(ascii: "-") {
                memset(value, Int32(UInt8(ascii: "x")), strlen(value))
                found = true
                index += 2
            } else if text.hasPrefix("--password=") {
                let prefix = "--password=".utf8.count
                memset(argument + prefix, Int32(UInt8(ascii: "x")), strlen(argument) - prefix)
                found = true
                index += 1
            } else {
                index += optionsTakingValues.contains(text) ? 2 : 1
            }
        }
        return found
    }

    /// `aerosh serve --user name:password`: the passwords, after each colon, become x's in
    /// the process list too (serve is a sandbox; its users' passwords are test passwords,
    /// so this hides them without a warning).
    private static func hideServeUserPasswords() {
        let count = Int(CommandLine.argc)
        let argv = CommandLine.unsafeArgv
        var index = 2
        while index < count, let argument = argv[index] {
            let text = String(cString: argument)
            if text == "--" { break }
            if text == "--user", index + 1 < count, let value = argv[index + 1] {
                xOutAfterColon(value)
                index += 2
            } else {
                if text.hasPrefix("--user=") { xOutAfterColon(argument + "--user=".utf8.count) }
                index += 1
            }
        }
    }

    private static func xOutAfterColon(_ text: UnsafeMutablePointer<CChar>) {
        guard let colon = strchr(text, Int32(UInt8(ascii: ":"))) else { return }
        memset(colon + 1, Int32(UInt8(ascii: "x")), strlen(colon + 1))
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
            // Ctrl-C or Ctrl-Z at the prompt must not leave the terminal without echo.
            EchoRestore.arm(tty: tty, mode: normal)
            tcsetattr(tty, TCSAFLUSH, &silent)
        }
        defer {
            if canSilence {
                tcsetattr(tty, TCSAFLUSH, &normal)
                EchoRestore.disarm()
            }
        }
        _ = Array(prompt.utf8).withUnsafeBytes { write(tty, $0.baseAddress, $0.count) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(tty, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Puts the terminal's echo back if SIGINT or SIGTSTP arrives while a password is typed,
/// then lets the signal do what it would have done.
private enum EchoRestore {
    // Read by a signal handler, which can capture nothing: set before it is installed.
    nonisolated(unsafe) static var tty: Int32 = -1
    nonisolated(unsafe) static var mode = termios()

    static func arm(tty: Int32, mode: termios) {
        EchoRestore.tty = tty
        EchoRestore.mode = mode
        for number in [SIGINT, SIGTSTP] {
            signal(number) { number in
                tcsetattr(EchoRestore.tty, TCSANOW, &EchoRestore.mode)
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    static func disarm() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTSTP, SIG_DFL)
    }
}
