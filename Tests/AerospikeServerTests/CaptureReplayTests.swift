import AerospikeCore
@testable import AerospikeServer
import AerospikeTestSupport
import Foundation
import AerospikeWire
import NIOCore
import Testing

/// Replays the data commands that real clients sent to a real Aerospike 8.1 server and
/// checks that `aerosh serve` answers each the way the real server did: the same result
/// codes, generations, batch indexes, operations and values. Only void times differ
/// (they depend on the clock), so for them only "never" versus "some time" is compared.
@Suite("Replay of real-server captures")
struct CaptureReplayTests {
    struct Reply: Equatable, CustomStringConvertible {
        var resultCode: UInt8
        var generation: UInt32
        var expires: Bool
        var transactionTTL: UInt32
        var last: Bool
        var operations: [String]

        init(_ message: WireMessage) {
            resultCode = message.resultCode
            generation = message.generation
            expires = message.recordTTL != 0
            transactionTTL = message.transactionTTL
            last = message.infoFlags.contains(.last)
            operations = message.operations.map { "\($0.type.rawValue) \($0.particleType) \($0.binName)=\(Hex.encode($0.value.readableBytesView))" }
        }

        var description: String { "rc=\(resultCode) gen=\(generation) expires=\(expires) idx=\(transactionTTL) last=\(last) ops=\(operations)" }
    }

    static func messages(_ body: [UInt8]) throws -> [WireMessage] {
        var buffer = ByteBuffer(bytes: body)
        var messages: [WireMessage] = []
        while buffer.readableBytes > 0 { messages.append(try WireMessage.read(from: &buffer)) }
        return messages
    }

    @Test(arguments: ["seed-aerospike-py.txt", "seed-aerospike-c.txt"])
    func seedSequenceAnswersLikeTheRealServer(file: String) async throws {
        let fixture = try await ServerFixture()
        let connection = try TestConnection(port: fixture.port)
        let frames = CaptureFile.frames(file)
        var compared = 0
        for (position, request) in frames.enumerated() where request.type == 3 && request.direction == .toServer {
            // The real server's answer: its frames on that connection up to the next request.
            var expected: [Reply] = []
            for reply in frames[(position + 1)...] where reply.connection == request.connection {
                if reply.direction == .toServer { break }
                expected += try Self.messages(reply.body).map(Reply.init)
            }
            try await connection.send(request.bytes)
            var actual: [Reply] = []
            while actual.count < expected.count {
                let (type, body) = try await connection.receiveFrame()
                #expect(type == 3)
                actual += try Self.messages(body).map(Reply.init)
            }
            #expect(actual == expected, "request frame \(request.number)")
            compared += 1
        }
        #expect(compared > 40)
        try await fixture.stop()
    }
}

/// Replays the info requests real clients sent to a real Aerospike 8.1 server and checks
/// that `aerosh serve` answers like it wherever the answer does not depend on the node's
/// identity or data: the same lines in the same order, the same generations, features a
/// client can rely on, and ERROR:4 for an unknown command with parameters.
@Suite("Replay of real-server info captures")
struct InfoCaptureReplayTests {
    /// Answers that must equal the real server's (the port a node advertises aside).
    static let exact: Set<String> = ["partition-generation", "peers-generation", "build", "edition", "user-agent-set", "peers-clear-std", "bins"]
    /// Commands serve does not answer yet (scans, indexes, statistics come with that work).
    static let notServedYet: Set<String> = ["sets", "sindex-list", "sindex-create", "sindex-delete", "sindex-stat", "truncate", "namespace", "version"]

    static func lines(_ body: [UInt8]) -> [(name: String, value: String)] {
        String(decoding: body, as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    @Test(arguments: ["seed-aerospike-py.txt", "seed-aerospike-c.txt", "scan-index-info-cdt-aerospike-c.txt", "scan-query-aerospike-py.txt", "cdt-expressions-aerospike-c.txt"])
    func infoAnswersLikeTheRealServer(file: String) async throws {
        let fixture = try await ServerFixture()
        let connection = try TestConnection(port: fixture.port)
        let frames = CaptureFile.frames(file)
        var compared = 0
        for (position, request) in frames.enumerated() where request.type == 1 && request.direction == .toServer && request.isComplete {
            let commands = Self.lines(request.body).map(\.name)
            let names = commands.map { String(InfoMessage.name(of: $0)) }
            guard !names.contains(where: Self.notServedYet.contains), !commands.isEmpty else { continue }
            guard let reply = frames[(position + 1)...].first(where: { $0.connection == request.connection && $0.direction == .toClient }) else { continue }
            let expected = Self.lines(reply.body)
            try await connection.send(request.bytes)
            let (type, body) = try await connection.receiveFrame()
            #expect(type == 1)
            let actual = Self.lines(body)
            #expect(actual.map(\.name) == expected.map(\.name), "frame \(request.number): \(commands)")
            for (mine, theirs) in zip(actual, expected) where Self.exact.contains(String(InfoMessage.name(of: theirs.name))) || theirs.value.hasPrefix("ERROR") {
                // A real node advertises its service port (3000) as the peers' default port.
                let value = mine.value.replacingOccurrences(of: ",\(fixture.port),", with: ",3000,")
                #expect(value == theirs.value, "frame \(request.number): \(theirs.name)")
                compared += 1
            }
        }
        #expect(compared > 5)
        try await fixture.stop()
    }

    @Test func featuresNameOnlyWhatServeServes() async throws {
        let fixture = try await ServerFixture()
        let connection = try TestConnection(port: fixture.port)
        try await connection.send(TestConnection.frame(type: 1, body: Array("features\n".utf8)))
        let features = Self.lines(try await connection.receiveFrame().body).first?.value ?? ""
        // Partition scans and queries, indexes, list and map operations and namespace
        // truncation are served; no CDT indexes, UDF or geo until serve serves them: a client
        // would choose them. Every name is one a real 8.1 server gives.
        let served: Set<Substring> = [
            "batch-any", "batch-index", "cdt-list", "cdt-map", "float", "peers", "pipelining", "pquery", "pscans", "replicas", "replicas-all",
            "replicas-master", "sindex-exists", "truncate-namespace",
        ]
        let real: Set<Substring> = [
            "batch-any", "batch-index", "blob-bits", "cdt-index", "cdt-list", "cdt-map", "cluster-stable", "float", "geo", "sindex-exists",
            "peers", "pipelining", "pquery", "pscans", "query-show", "relaxed-sc", "replicas", "replicas-all", "replicas-master",
            "replicas-max", "truncate-namespace", "udf",
        ]
        #expect(Set(features.split(separator: ";")) == served)
        #expect(served.isSubset(of: real))
        try await fixture.stop()
    }

    /// A real two-node cluster splits the partitions into disjoint master sets that cover
    /// all 4,096 (2,054 + 2,042 there); serve's nodes must do the same, and list each other.
    @Test func aTwoNodeClusterLooksLikeTheRealOne() throws {
        let text = CaptureFile.readText(CaptureFile.directory + "/two-node-cluster-info.txt")
        let realBitmaps = text.split(separator: "\n").filter { $0.hasPrefix(#"'replicas-master\t"#) }.map { line in
            Base64.decode(line.dropFirst(#"'replicas-master\ttest:"#.count).dropLast(#"\n'"#.count)) ?? []
        }
        #expect(realBitmaps.count == 2)
        let topology = ClusterTopology(nodeCount: 2)
        topology.setMembers([.init(nodeID: "A", host: "127.0.0.1", port: 3000), .init(nodeID: "B", host: "127.0.0.1", port: 3010)])
        let ours: [[UInt8]] = (0..<2).map { (node: Int) -> [UInt8] in Base64.decode(topology.masterBitmap(node: node)) ?? [] }
        for bitmaps in [realBitmaps, ours] {
            let owned: [Set<Int>] = bitmaps.map { (bitmap: [UInt8]) -> Set<Int> in
                Set((0..<4096).filter { (partition: Int) -> Bool in bitmap[partition >> 3] & (UInt8(0x80) >> UInt8(partition & 7)) != 0 })
            }
            #expect(owned[0].isDisjoint(with: owned[1]))
            #expect(owned[0].count + owned[1].count == 4096)
        }
        #expect(topology.peers(of: 0).map { $0.nodeID } == ["B"])
        #expect(topology.peers(of: 1).map { $0.nodeID } == ["A"])
    }
}
