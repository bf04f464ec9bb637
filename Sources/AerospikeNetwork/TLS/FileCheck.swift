import AerospikeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain words for a TLS file that cannot be used, before NIOSSL's less telling errors
/// ("noSuchFilesystemObject") get the chance.
enum FileCheck {
    static func readable(_ path: String, what: String) throws(AerospikeError) {
        guard access(path, R_OK) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw AerospikeError(.connectionError, message: "cannot read the \(what) \(path): \(reason)")
        }
    }

    /// The names in a directory (not `.` or `..`).
    static func files(in path: String, what: String) throws(AerospikeError) -> [String] {
        guard let directory = opendir(path) else {
            let reason = errno == ENOENT ? "no such directory" : String(cString: strerror(errno))
            throw AerospikeError(.connectionError, message: "cannot read the \(what) \(path): \(reason)")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
