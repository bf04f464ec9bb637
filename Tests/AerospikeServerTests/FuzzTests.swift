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
        // Loops of its own: its 5-second patience measures this server, not the other suites'.
        let fixture = try await ServerFixture(ownLoops: true)
        let seeds = CaptureFile.frames("seed-aerospike-c.txt").filter { $0.isComplete && $0.direction == .toServer && $0.type == 3 }
        #expect(!seeds.isEmpty)
        var rng = SeededGenerator(seed: 7)
        // A reply takes milliseconds: a connection silent for this long is a hang, and fails.
        let patience = 5
        var connection = try TestConnection(port: fixture.port, timeoutSeconds: patience)
        var answered = 0, closed = 0
        let sentinel = TestConnection.frame(type: 1, body: Array("node\nbuild\nedition\n".utf8))
        let sentinelAnswer = Array("node\t\(fixture.server.nodeID)\nbuild\t8.1.2.0\nedition\tAerospike Community Edition\n".utf8)
        rounds: for round in 0..<10_000 {
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
                    let (header, body) = try await connection.receiveRawFrame()
                    if header[1] == 1 && body == sentinelAnswer { break }
                    if let flaw = Self.flaw(header: header, body: body) {
                        Issue.record("round \(round): a malformed reply (\(flaw)) to \(frame.prefix(40))…")
                        break rounds
                    }
                    answered += 1
                }
            } catch TestConnection.Failure.timedOut {
                Issue.record("round \(round): no reply within \(patience) s to \(frame.prefix(40))…: the server hangs")
                break rounds
            } catch TestConnection.Failure.closed {
                closed += 1
                connection = try TestConnection(port: fixture.port, timeoutSeconds: patience)
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

    /// What is wrong with a reply frame, or nil when it is well formed: protocol version 2,
    /// a type a server answers with (info, security, AS_MSG), the size the header announces
    /// (the read took exactly that many bytes), and a body of that type: info lines
    /// `name<TAB>value`, a security message that decodes, or AS_MSGs that parse and fill the
    /// body exactly (a batch reply carries several back to back).
    static func flaw(header: [UInt8], body: [UInt8]) -> String? {
        guard header.count == 8 else { return "a \(header.count)-byte header" }
        guard header[0] == 2 else { return "version \(header[0])" }
        let size = header[2...].reduce(0) { $0 << 8 | Int($1) }
        guard size == body.count else { return "size \(size) announced, \(body.count) read" }
        switch header[1] {
        case 1:
            let text = String(decoding: body, as: UTF8.self)
            guard body.isEmpty || body.last == UInt8(ascii: "\n") else { return "an info reply not ending in a newline" }
            if let line = text.split(separator: "\n").first(where: { !$0.contains("\t") }) { return "an info line without a tab: \(line)" }
            return nil
        case 2:
            do {
                _ = try AdminMessage.decode(ByteBuffer(bytes: body))
                return nil
            } catch {
                return "a security reply that does not decode: \(error)"
            }
        case 3:
            var buffer = ByteBuffer(bytes: body)
            guard buffer.readableBytes > 0 else { return "an empty AS_MSG frame" }
            while buffer.readableBytes > 0 {
                do {
                    _ = try WireMessage.read(from: &buffer)
                } catch {
                    return "an AS_MSG that does not parse at byte \(buffer.readerIndex) of \(body.count): \(error)"
                }
            }
            return nil
        default:
            return "type \(header[1])"
        }
    }
}
