#if canImport(Glibc)
import Glibc
#endif

/// One frame of a capture in `Tests/Fixtures/wire/`: real client↔server exchanges with
/// an Aerospike 8.1 server, written as `## conn N direction frame K: version=2 type=T size=S`
/// followed by the frame's bytes in hex (at most the first 4 KiB).
public struct CapturedFrame: Sendable {
    public enum Direction: Sendable { case toServer, toClient }

    public let connection: Int
    public let direction: Direction
    public let number: Int
    public let type: UInt8
    public let size: Int
    /// Header and body as captured; `isComplete` says whether all of it was written down.
    public let bytes: [UInt8]

    public var isComplete: Bool { bytes.count == size + 8 }
    public var body: [UInt8] { Array(bytes.dropFirst(8)) }
}

public enum CaptureFile {
    /// The folder of the captures, found from this source file's path.
    public static let directory: String = {
        var path = #filePath
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/Fixtures/wire"
    }()

    public static func frames(_ name: String) -> [CapturedFrame] {
        parse(readText(directory + "/" + name))
    }

    public static func parse(_ text: String) -> [CapturedFrame] {
        var frames: [CapturedFrame] = []
        var header: (connection: Int, direction: CapturedFrame.Direction, number: Int, type: UInt8, size: Int)?
        var bytes: [UInt8] = []
        func flush() {
            if let header {
                frames.append(CapturedFrame(connection: header.connection, direction: header.direction, number: header.number,
                                            type: header.type, size: header.size, bytes: bytes))
            }
            bytes = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## conn ") {
                flush()
                let words = line.split(separator: " ")
                // ## conn N DIRECTION frame K: version=2 type=T size=S
                let value = { (prefix: String) in words.first { $0.hasPrefix(prefix) }.map { Int($0.dropFirst(prefix.count))! }! }
                header = (
                    Int(words[2])!,
                    words[3] == "client->server" ? .toServer : .toClient,
                    Int(words[5].dropLast())!,
                    UInt8(value("type=")),
                    value("size=")
                )
            } else if line.hasPrefix("    "), header != nil {
                let pairs = line.split(separator: " ")
                guard pairs.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else { continue }
                bytes.append(contentsOf: pairs.map { UInt8($0, radix: 16)! })
            }
        }
        flush()
        return frames
    }

    public static func readText(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
