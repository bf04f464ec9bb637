import Foundation

/// `aerosh serve` as a child process on a free loopback port, for a load run to measure.
public final class MeasuredServe: @unchecked Sendable {
    public let port: Int
    public var pid: Int32 { process.processIdentifier }
    private let process: Process

    /// Starts `binary serve ARGUMENTS --port 0 --log-level error` and waits for its
    /// `listening on HOST:PORT` line.
    public init(binary: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve"] + arguments + ["--port", "0", "--log-level", "error"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on "), let portText = text.split(separator: ":").last?.split(separator: "\n").first,
              let port = Int(portText)
        else {
            process.terminate()
            throw MeasuredServeFailure(message: "aerosh serve did not say where it listens; it said: \(text)")
        }
        self.port = port
    }

    /// SIGTERM (serve stops cleanly on it), then waits for the exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

public struct MeasuredServeFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
