import AerospikeTestSupport
import Foundation
import Testing

/// `aerosh serve --nodes N` as a user starts it, and fresh `aerosh` processes against it:
/// a fresh process has no warm partition map, so these show whether its first tend is
/// complete before its first command (each node counts the requests it got for partitions
/// it does not master: `misrouted`).
final class ServedCluster: @unchecked Sendable {
    let process: Process
    let ports: [Int]
    let directory: URL

    init(nodes: Int, port: Int = 0) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Aerosh.binary)
        process.arguments = ["serve", "--nodes", "\(nodes)", "--port", "\(port)", "--data", directory.appendingPathComponent("store.db").path, "--log-level", "error"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // One "listening on HOST:PORT" line per node, once all are bound.
        var text = ""
        while text.split(separator: "\n").count < nodes {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = text.split(separator: "\n")
        ports = lines.compactMap { line in line.hasPrefix("listening on 127.0.0.1:") ? line.split(separator: ":").last.flatMap { Int($0) } : nil }
        guard ports.count == nodes, lines.count == nodes else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "aerosh serve said: \(text)"])
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    var seed: [String] { ["-h", "127.0.0.1:\(ports[0])", "--timeout", "20000"] }

    /// One info command's answer from the node on `port`, over a raw connection.
    func info(_ command: String, port: Int) async throws -> String {
        try await infoAnswer(command, port: port)
    }

    func misrouted() async throws -> [Int] {
        var counts: [Int] = []
        for port in ports { counts.append(Int(try await info("misrouted", port: port)) ?? -1) }
        return counts
    }
}

@Suite("A fresh process routes right on a cluster")
struct ClusterRoutingTests {
    @Test("one-shot commands, one-shot batches and a piped script's first statements reach each key's master")
    func freshProcessesRouteRight() async throws {
        let cluster = try ServedCluster(nodes: 3)
        // One-shot single-record commands, each a fresh process.
        for index in 0..<12 {
            let run = try await Aerosh.run(cluster.seed + ["-q", "-c", "PUT test.demo 'one_\(index)' {v: \(index)}"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        for index in 0..<12 {
            let run = try await Aerosh.run(cluster.seed + ["-o", "raw", "-c", "GET test.demo 'one_\(index)' BINS v"])
            #expect(run.stdout == "\(index)\n", "\(run.stderr)")
        }
        #expect(try await cluster.misrouted() == [0, 0, 0])
        // One-shot batches: a put and a read of 300 keys.
        let entries = (0..<300).map { "'b_\($0)' {v: \($0)}" }.joined(separator: ", ")
        #expect(try await Aerosh.run(cluster.seed + ["-q", "-c", "BATCH PUT test.demo (\(entries))"]).status == 0)
        let read = try await Aerosh.run(cluster.seed + ["-o", "jsonl", "-c", "BATCH READ test.demo ('b_{0..299}')"])
        #expect(read.stdout.split(separator: "\n").count == 300, "\(read.stderr)")
        #expect(try await cluster.misrouted() == [0, 0, 0])
        // A piped script: its very first statements already go to the right nodes.
        let script = (0..<40).map { "GET test.demo 'b_\($0)' BINS v" }.joined(separator: "\n")
        let piped = try await Aerosh.run(cluster.seed + ["-o", "raw"], stdin: script)
        #expect(piped.stdout == (0..<40).map { "\($0)\n" }.joined(), "\(piped.stderr)")
        #expect(try await cluster.misrouted() == [0, 0, 0])
    }

    @Test("serve --nodes 3 listens on consecutive ports, one line per node, and each node lists the others as peers")
    func serveNodesAsAProcess() async throws {
        let base = try freePortWithTwoAbove()
        let cluster = try ServedCluster(nodes: 3, port: base)
        #expect(cluster.ports == [base, base + 1, base + 2])
        let nodeIDs = [try await cluster.info("node", port: base), try await cluster.info("node", port: base + 1), try await cluster.info("node", port: base + 2)]
        #expect(Set(nodeIDs).count == 3)
        for (index, port) in cluster.ports.enumerated() {
            let peers = try await cluster.info("peers-clear-std", port: port)
            for (other, otherPort) in cluster.ports.enumerated() where other != index {
                #expect(peers.contains("[\(nodeIDs[other]),,[127.0.0.1:\(otherPort)]]"), "\(peers)")
            }
            #expect(!peers.contains(nodeIDs[index]), "a node is not its own peer: \(peers)")
        }
    }
}

/// A port that was free, with the two above it free too (so three nodes can bind there).
private func freePortWithTwoAbove() throws -> Int {
    for _ in 0..<20 {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) } }
        close(socketDescriptor)
        let port = Int(UInt16(bigEndian: address.sin_port))
        if port > 0, port < 65_000, isFree(port + 1), isFree(port + 2) { return port }
    }
    throw CocoaError(.fileWriteUnknown)
}

private func isFree(_ port: Int) -> Bool {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
}

/// One info command's answer from the serve node on `port`, over a raw clear connection.
func infoAnswer(_ command: String, port: Int) async throws -> String {
    let connection = try TestConnection(port: port)
    let body = Array("\(command)\n".utf8)
    let size = UInt64(body.count)
    let header: [UInt8] = [2, 1] + (0..<6).reversed().map { UInt8(truncatingIfNeeded: size >> (8 * UInt64($0))) }
    try await connection.send(header + body)
    let reply = try await connection.receiveFrame()
    let text = String(decoding: reply.body, as: UTF8.self)
    let line = text.split(separator: "\n").first ?? ""
    return line.split(separator: "\t", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
}
