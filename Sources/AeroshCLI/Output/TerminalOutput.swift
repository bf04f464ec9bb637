#if canImport(Glibc)
import Glibc
#endif

/// What decorating output for a person at a terminal may use: its width, and colour
/// unless NO_COLOR is set or --no-color given (https://no-color.org).
public struct TerminalOutput: Sendable {
    public var columns: Int?
    public var colors: Bool

    /// nil when the descriptor is not a terminal: no decoration at all.
    public static func detect(descriptor: Int32, noColor: Bool) -> TerminalOutput? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        let columns = ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        let colorsWanted = !noColor && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        let dumb = getenv("TERM").map { String(cString: $0) == "dumb" } ?? false
        return TerminalOutput(columns: columns, colors: colorsWanted && !dumb)
    }
}

/// Standard error in red for a person at a colour terminal.
public struct RedSink<Base: OutputSink>: OutputSink {
    var base: Base

    public mutating func write(_ text: String) {
        base.write("\u{1B}[31m" + text + "\u{1B}[0m")
    }

    public mutating func flush() { base.flush() }
}
