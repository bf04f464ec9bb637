#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AeroshLanguage

/// The line a running scan keeps up to date on a terminal's standard error — records so
/// far, their rate, partitions done — rewritten in place (`\r`, clear to the end of the
/// line) a few times a second, and erased when the scan ends. Only for a terminal: a
/// script's log gets none of it.
public struct ProgressLine: Sendable {
    /// Writes at once, unbuffered, to the terminal.
    let write: @Sendable (String) -> Void
    /// The least time between two drawings (and before the first: a quick scan shows none).
    let interval: Duration
    /// The terminal's width: a longer line would wrap and not be erased.
    let columns: Int?
    /// Standard output goes to the same terminal: a row written there must not land
    /// after the progress text, so the line is erased first.
    let sharesTerminalWithOutput: Bool

    public init(interval: Duration = .milliseconds(200), columns: Int?, sharesTerminalWithOutput: Bool, write: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.columns = columns
        self.sharesTerminalWithOutput = sharesTerminalWithOutput
        self.write = write
    }

    /// On standard error when it is a terminal; nil otherwise.
    public static func standardError() -> ProgressLine? {
        guard isatty(2) == 1 else { return nil }
        let terminal = TerminalOutput.detect(descriptor: 2, noColor: true)
        return ProgressLine(columns: terminal?.columns, sharesTerminalWithOutput: isatty(1) == 1) { text in
            _ = FileDescriptorSink.writeAll(Array(text.utf8), to: 2)
        }
    }

    static let erase = "\r\u{1B}[K"

    /// `test.demo: 12,345 records (4,321/s), 1,024 of 4,096 partitions`
    static func text(_ progress: ScanProgress, place: String, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int((Double(progress.records) / seconds).rounded()) : 0
        let records = "\(grouped(progress.records)) record\(progress.records == 1 ? "" : "s") (\(grouped(rate))/s)"
        let partitions = "\(grouped(progress.partitionsDone)) of \(grouped(progress.partitions)) partitions"
        return (place.isEmpty ? "" : "\(place): ") + records + ", " + partitions
    }

    /// 1234567 → `1,234,567`
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return number < 0 ? "-" + text : text
    }
}

/// One statement's progress line: when it is due, whether it is on the screen.
final class ProgressMeter {
    let line: ProgressLine
    let place: String
    let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant
    private(set) var shown = false

    init(_ line: ProgressLine, place: String, started: ContinuousClock.Instant) {
        self.line = line
        self.place = place
        self.started = started
        lastDrawn = started
    }

    func isDue(_ now: ContinuousClock.Instant) -> Bool {
        now - lastDrawn >= line.interval
    }

    func draw(_ progress: ScanProgress, now: ContinuousClock.Instant) {
        var text = ProgressLine.text(progress, place: place, elapsed: now - started)
        if let columns = line.columns, text.count >= columns { text = String(text.prefix(max(0, columns - 1))) }
        line.write(ProgressLine.erase + text)
        lastDrawn = now
        shown = true
    }

    func erase() {
        guard shown else { return }
        line.write(ProgressLine.erase)
        shown = false
    }
}

/// The statement's output, erasing the progress line before anything is written to the
/// terminal they share.
struct ProgressAwareSink<Base: OutputSink>: OutputSink {
    var base: Base
    let meter: ProgressMeter?

    mutating func write(_ text: String) {
        if let meter, meter.line.sharesTerminalWithOutput { meter.erase() }
        base.write(text)
    }

    mutating func write(utf8 bytes: [UInt8]) {
        if let meter, meter.line.sharesTerminalWithOutput { meter.erase() }
        base.write(utf8: bytes)
    }

    mutating func write(building body: (inout [UInt8]) -> Void) {
        if let meter, meter.line.sharesTerminalWithOutput { meter.erase() }
        base.write(building: body)
    }

    mutating func flush() { base.flush() }
}
