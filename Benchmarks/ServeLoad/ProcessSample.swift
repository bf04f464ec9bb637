#if canImport(Glibc)
import Glibc
#endif

/// What /proc says about a process now: its resident memory and open descriptors.
public struct ProcessSample: Sendable {
    /// VmRSS, in KiB.
    public var residentKiB: Int
    /// Entries of /proc/PID/fd.
    public var openDescriptors: Int
    /// Those of them that are sockets (the listening one and each connection).
    public var openSockets: Int

    /// nil once the process is gone (or /proc cannot be read).
    public static func read(pid: Int32) -> ProcessSample? {
        guard let rss = residentKiB(pid: pid), let (fds, sockets) = descriptorCounts(pid: pid) else { return nil }
        return ProcessSample(residentKiB: rss, openDescriptors: fds, openSockets: sockets)
    }

    /// The `VmRSS:   1234 kB` line of /proc/PID/status.
    static func residentKiB(pid: Int32) -> Int? {
        guard let file = fopen("/proc/\(pid)/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("VmRSS:") else { continue }
            return Int(text.dropFirst(6).filter(\.isNumber))
        }
        return nil
    }

    /// All descriptors, and those that are sockets (their link reads `socket:[inode]`).
    static func descriptorCounts(pid: Int32) -> (all: Int, sockets: Int)? {
        guard let directory = opendir("/proc/\(pid)/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        var sockets = 0
        var target = [CChar](repeating: 0, count: 64)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != "." && name != ".." else { continue }
            count += 1
            let length = readlink("/proc/\(pid)/fd/\(name)", &target, target.count - 1)
            if length > 7, String(decoding: target[0..<7].map { UInt8(bitPattern: $0) }, as: UTF8.self) == "socket:" { sockets += 1 }
        }
        return (count, sockets)
    }
}

/// The samples of a run: at the start, the largest seen while the load ran, and at the end.
public struct ProcessSamples: Sendable {
    public var before: ProcessSample
    public var peakResidentKiB: Int
    public var peakDescriptors: Int
    /// After every client closed and serve had time to close its side.
    public var after: ProcessSample?
    /// Resident memory at the end of the first quarter of the run, when every connection
    /// and the key space are warm: growth after that is what a leak would show.
    public var warmResidentKiB: Int?

    init(before: ProcessSample) {
        self.before = before
        peakResidentKiB = before.residentKiB
        peakDescriptors = before.openDescriptors
    }

    mutating func add(_ sample: ProcessSample) {
        peakResidentKiB = max(peakResidentKiB, sample.residentKiB)
        peakDescriptors = max(peakDescriptors, sample.openDescriptors)
    }
}
