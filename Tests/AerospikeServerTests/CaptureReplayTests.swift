import AerospikeCore
import AerospikeTestSupport
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
