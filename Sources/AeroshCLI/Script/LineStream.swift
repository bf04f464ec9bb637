#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a file or pipe, read as they come (64 KiB at a time, plain POSIX calls):
/// a script from a pipe runs while its producer is still writing, in constant memory.
struct LineStream {
    private let descriptor: Int32
    private let name: String
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    /// From `start` up to here the buffer holds no line break: a line longer than a read
    /// is searched once, not again from its start after every read (a 10 MB line took
    /// 160 searches of up to 10 MB each).
    private var searched = 0
    private var ended = false

    init(descriptor: Int32, name: String, ownsDescriptor: Bool) {
        self.descriptor = descriptor
        self.name = name
        self.ownsDescriptor = ownsDescriptor
    }

    static func standardInput() -> LineStream {
        LineStream(descriptor: 0, name: "standard input", ownsDescriptor: false)
    }

    static func file(_ path: String) throws(InputReader.Failure) -> LineStream {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputReader.Failure(message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return LineStream(descriptor: descriptor, name: path, ownsDescriptor: true)
    }

    func close() {
        if ownsDescriptor { _ = Glibc.close(descriptor) }
    }

    /// Whether reading more now would not wait: a line already read ahead, the end already
    /// seen, or bytes (or the end) ready on the descriptor.
    func hasWaitingInput() -> Bool {
        if ended || newlineIndex(from: max(start, searched)) != nil { return true }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) > 0
    }

    /// The next line with its line break, or the last piece without one; nil at the end.
    mutating func nextLine() throws(InputReader.Failure) -> String? {
        while true {
            if let newline = newlineIndex(from: max(start, searched)) {
                let line = try text(buffer[start...newline])
                start = newline + 1
                searched = start
                return line
            }
            searched = buffer.count
            if ended {
                guard start < buffer.count else { return nil }
                let line = try text(buffer[start...])
                start = buffer.count
                return line
            }
            // Keep only what is not yet a line, then read more.
            buffer.removeFirst(start)
            searched -= start
            start = 0
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputReader.Failure(message: "cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { ended = true } else { buffer.append(contentsOf: chunk[0..<count]) }
        }
    }

    /// The index of the first line break at or after `index`, found by memchr.
    private func newlineIndex(from index: Int) -> Int? {
        guard index < buffer.count else { return nil }
        return buffer.withUnsafeBytes { bytes in
            guard let found = memchr(bytes.baseAddress! + index, Int32(UInt8(ascii: "\n")), bytes.count - index) else { return nil }
            return UnsafeRawPointer(found) - bytes.baseAddress!
        }
    }

    private func text(_ bytes: ArraySlice<UInt8>) throws(InputReader.Failure) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputReader.Failure(message: "\(name) is not valid UTF-8 text")
        }
        return text
    }
}
