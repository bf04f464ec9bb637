#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where rendered text goes: standard output or error, or a string in tests.
public protocol OutputSink {
    mutating func write(_ text: String)
    /// UTF-8 text as bytes: what a table builds its lines in (`TextTable`).
    mutating func write(utf8 bytes: [UInt8])
    /// UTF-8 text that `body` appends to the sink's own buffer where it has one (a row of
    /// JSON written in place: no array of its own to grow, copy and free per row).
    mutating func write(building body: (inout [UInt8]) -> Void)
    mutating func flush()
}

extension OutputSink {
    public mutating func write(utf8 bytes: [UInt8]) {
        write(String(decoding: bytes, as: UTF8.self))
    }

    public mutating func write(building body: (inout [UInt8]) -> Void) {
        var bytes: [UInt8] = []
        body(&bytes)
        if !bytes.isEmpty { write(utf8: bytes) }
    }
}

/// A buffered writer on a file descriptor, flushed after each statement so output and
/// errors interleave in statement order.
public struct FileDescriptorSink: OutputSink {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    public static func standardOutput() -> FileDescriptorSink { FileDescriptorSink(descriptor: 1) }
    public static func standardError() -> FileDescriptorSink { FileDescriptorSink(descriptor: 2) }

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(64 * 1024)
    }

    public var isTerminal: Bool { isatty(descriptor) == 1 }

    public mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 64 * 1024 { flush() }
    }

    public mutating func write(utf8 bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 64 * 1024 { flush() }
    }

    public mutating func write(building body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= 64 * 1024 { flush() }
    }

    public mutating func flush() {
        // A closed pipe ends the writing: nothing more can be shown.
        _ = FileDescriptorSink.writeAll(buffer, to: descriptor)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension FileDescriptorSink {
    /// Writes every byte, retrying interrupted writes; false when the descriptor fails.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

/// Collects output in memory.
public struct StringSink: OutputSink {
    public var text = ""

    public init() {}

    public mutating func write(_ text: String) { self.text += text }
    public mutating func flush() {}
}
