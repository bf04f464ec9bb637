#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files (a RUN script, the history) with plain POSIX calls (no Foundation on
/// the start-up path); a script given with -f or on standard input is read a line at a time
/// by `LineStream`.
enum InputReader {
    struct Failure: Error {
        let message: String
    }

    static func readFile(_ path: String) throws(Failure) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failure(message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        return try readAll(descriptor, name: path)
    }

    static var standardInputIsTerminal: Bool { isatty(0) == 1 }

    private static func readAll(_ descriptor: Int32, name: String) throws(Failure) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(message: "\(name) is not valid UTF-8 text")
        }
        return text
    }
}
