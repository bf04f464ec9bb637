import Foundation

/// `aerosh serve` with TLS as a user starts it: `--nodes N` nodes, each on a clear port and
/// a TLS port, from the lines it prints ("listening on …", then "listening for TLS on …").
final class ServedTLS: @unchecked Sendable {
    let process: Process
    let ports: [Int]
    let tlsPorts: [Int]

    init(nodes: Int = 1, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Aerosh.binary)
        process.arguments = ["serve", "--memory", "--port", "0", "--nodes", "\(nodes)", "--log-level", "error"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var text = ""
        while text.split(separator: "\n").count < 2 * nodes {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = text.split(separator: "\n")
        ports = lines.compactMap { $0.hasPrefix("listening on 127.0.0.1:") ? $0.split(separator: ":").last.flatMap { Int($0) } : nil }
        tlsPorts = lines.compactMap { $0.hasPrefix("listening for TLS on 127.0.0.1:") ? $0.split(separator: ":").last.flatMap { Int($0) } : nil }
        guard ports.count == nodes, tlsPorts.count == nodes else {
            process.terminate()
            let stderr = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "aerosh serve said: \(text) \(stderr)"])
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
