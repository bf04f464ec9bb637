#if canImport(Glibc)
import Glibc
#endif

/// The fuzz targets' normal (non-fuzzer) build: replays corpus files through the target
/// function, so `make test` checks every regression input without a libFuzzer build.
public enum FuzzReplay {
    /// `run` on the command line's arguments, then exits with its status.
    public static func main(_ name: String, _ target: ([UInt8]) -> Void) -> Never {
        exit(run(name, Array(CommandLine.arguments.dropFirst()), target))
    }

    /// Runs `target` on each file named in `arguments`, and on each regular file inside a
    /// directory named there (sorted by name). Prints `N inputs, no crash`; returns the
    /// exit status (1 when a path cannot be read, or when nothing was replayed).
    public static func run(_ name: String, _ arguments: [String], _ target: ([UInt8]) -> Void) -> Int32 {
        guard !arguments.isEmpty else {
            print("usage: \(name) FILE-OR-DIRECTORY...   (replays corpus inputs through the fuzz target)")
            return 2
        }
        var count = 0
        for path in arguments {
            guard let files = files(at: path) else {
                print("\(name): cannot read \(path)")
                return 1
            }
            for file in files {
                guard let bytes = read(file) else {
                    print("\(name): cannot read \(file)")
                    return 1
                }
                target(bytes)
                count += 1
            }
        }
        print("\(name): \(count) inputs, no crash")
        return count > 0 ? 0 : 1
    }

    static func files(at path: String) -> [String]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFDIR else { return [path] }
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            var child = stat()
            if stat(path + "/" + name, &child) == 0, child.st_mode & S_IFMT == S_IFREG { names.append(name) }
        }
        return names.sorted().map { path + "/" + $0 }
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
