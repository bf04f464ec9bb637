import AerospikeCore
import AerospikeEmbedded
import AerospikeServer
import AerospikeTestSupport
import AerospikeWire
import NIOCore
import Testing

/// Ten thousand random and mutated frames at a running server; afterwards it must still
/// answer a normal get.
@Suite("Server under hostile input")
struct ServerFuzzTests {
    @Test func tenThousandBadFramesThenAGet() async throws {
        let fixture = try await ServerFixture()
        let seeds = CaptureFile.frames("seed-aerospike-c.txt").filter { $0.isComplete && $0.direction == .toServer && $0.type == 3 }
        #expect(!seeds.isEmpty)
        var rng = SeededGenerator(seed: 7)
        var connection = try TestConnection(port: fixture.port, timeoutSeconds: 30)
        var answered = 0, closed = 0
        let sentinel = TestConnection.frame(type: 1, body: Array("node\nbuild\nedition\n".utf8))
        let sentinelAnswer = Array("node\t\(fixture.server.nodeID)\nbuild\t8.1.2.0\nedition\tAerospike Community Edition\n".utf8)
        for round in 0..<10_000 {
            let frame: [UInt8]
            switch round % 4 {
            case 0:
                // A valid header over a random body.
                let body = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                frame = TestConnection.frame(type: [1, 2, 3, 4, 9].randomElement(using: &rng)!, body: body)
            default:
                // A real request with a few bytes of its body changed or cut short.
                var bytes = seeds.randomElement(using: &rng)!.bytes
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let index = Int.random(in: 8..<bytes.count, using: &rng)
                    bytes[index] = UInt8.random(in: 0...255, using: &rng)
                }
                if round % 4 == 3 {
                    let keep = Int.random(in: 8...bytes.count, using: &rng)
                    bytes = Array(bytes[..<keep])
                    let size = UInt64(keep - 8)
                    for index in 0..<6 { bytes[2 + index] = UInt8(truncatingIfNeeded: size >> (8 * UInt64(5 - index))) }
                }
                frame = bytes
            }
            do {
                // A sentinel info request after the frame: replies come in request order, so
                // everything before the sentinel's answer belongs to the frame.
                try await connection.send(frame + sentinel)
                while true {
                    let (type, body) = try await connection.receiveFrame()
                    if type == 1 && body == sentinelAnswer { break }
                    answered += 1
                }
            } catch {
                closed += 1
                connection = try TestConnection(port: fixture.port, timeoutSeconds: 30)
            }
        }
        #expect(answered > 5000)
        #expect(closed < 10, "\(closed) connections closed, \(answered) replies")

        // The server is still well: a put and a get on a fresh connection.
        let key = Key(namespace: "test", set: "demo", userKey: .string("after-fuzz"))
        try await fixture.store.put(key, bins: [Bin("v", .int(1))], policy: WritePolicy())
        var get = WireMessage(readFlags: [.read, .getAll], transactionTTL: 1000, fields: [
            WireField(.namespace, string: "test"), WireField(.set, string: "demo"), WireField(.digest, bytes: key.digest.bytes),
        ])
        get.generation = 0
        let client = try TestConnection(port: fixture.port)
        try await client.send(Array(get.frame().readableBytesView))
        var reply = ByteBuffer(bytes: try await client.receiveFrame().body)
        let message = try WireMessage.read(from: &reply)
        #expect(message.resultCode == 0)
        #expect(message.operations.first?.binName == "v")
        try await fixture.stop()
    }
}
