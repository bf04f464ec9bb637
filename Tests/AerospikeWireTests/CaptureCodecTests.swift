import AerospikeCore
import AerospikeTestSupport
@testable import AerospikeWire
import NIOCore
import Testing

/// Every frame real clients and a real server exchanged decodes, and re-encodes to the
/// same bytes.
@Suite("Codec against real-server captures")
struct CaptureCodecTests {
    static let files = ["seed-aerospike-py.txt", "seed-aerospike-c.txt", "scan-index-info-cdt-aerospike-c.txt"]

    static func completeFrames(_ file: String) -> [CapturedFrame] {
        CaptureFile.frames(file).filter(\.isComplete)
    }

    @Test(arguments: files)
    func capturesAreReadable(file: String) {
        let frames = CaptureFile.frames(file)
        #expect(frames.count > 50)
        #expect(frames.filter(\.isComplete).count * 10 >= frames.count * 9)
    }

    @Test(arguments: files)
    func framesDecodeWholeFromTheByteStream(file: String) throws {
        let frames = Self.completeFrames(file)
        var stream = ByteBuffer(bytes: frames.flatMap(\.bytes))
        let decoder = ProtoFrameDecoder()
        for captured in frames {
            let frame = try #require(try decoder.decodeFrame(&stream))
            #expect(frame.type.rawValue == captured.type)
            #expect(Array(frame.body.readableBytesView) == captured.body)
        }
        #expect(stream.readableBytes == 0)
    }

    @Test(arguments: files)
    func everyMessageReencodesToTheSameBytes(file: String) throws {
        var messages = 0
        for captured in Self.completeFrames(file) where captured.type == 3 {
            var body = ByteBuffer(bytes: captured.body)
            var reencoded = ByteBuffer()
            while body.readableBytes > 0 {
                let message = try WireMessage.read(from: &body)
                message.write(to: &reencoded)
                messages += 1
            }
            #expect(Array(reencoded.readableBytesView) == captured.body, "frame \(captured.number)")
        }
        #expect(messages > 30)
    }

    @Test(arguments: files)
    func infoRepliesReencodeToTheSameBytes(file: String) {
        for captured in Self.completeFrames(file) where captured.type == 1 && captured.direction == .toClient {
            let answers = InfoMessage.parseResponse(ByteBuffer(bytes: captured.body))
            #expect(Array(InfoMessage.encodeResponse(answers).readableBytesView) == captured.body, "frame \(captured.number)")
        }
        for captured in Self.completeFrames(file) where captured.type == 1 && captured.direction == .toServer {
            let commands = InfoMessage.parseRequest(ByteBuffer(bytes: captured.body))
            #expect(Array(InfoMessage.encodeRequest(commands).readableBytesView) == captured.body, "frame \(captured.number)")
        }
    }

    @Test(arguments: files)
    func batchFieldsDecodeAndSurviveARoundTrip(file: String) throws {
        var batches = 0
        for captured in Self.completeFrames(file) where captured.type == 3 && captured.direction == .toServer {
            var body = ByteBuffer(bytes: captured.body)
            let message = try WireMessage.read(from: &body)
            guard message.readFlags.contains(.batch), let field = message.field(.batchIndex) else { continue }
            let batch = try BatchIndexRequest.decode(field.data)
            #expect(batch.entries.map(\.index) == (0..<UInt32(batch.entries.count)).map { $0 })
            #expect(batch.entries.allSatisfy { $0.field(.namespace)?.string == "test" })
            let again = try BatchIndexRequest.decode(batch.encode())
            #expect(again == batch)
            for entry in batch.entries {
                _ = try WireRequest(entry, timeoutMilliseconds: message.transactionTTL)
            }
            batches += 1
        }
        if file.hasPrefix("seed") { #expect(batches >= 5) }
    }

    @Test(arguments: ["seed-aerospike-py.txt", "seed-aerospike-c.txt"])
    func seedRequestsDecodeToTheirCommands(file: String) throws {
        var requests: [WireRequest] = []
        for captured in Self.completeFrames(file) where captured.type == 3 && captured.direction == .toServer {
            var body = ByteBuffer(bytes: captured.body)
            let message = try WireMessage.read(from: &body)
            if !message.readFlags.contains(.batch) { requests.append(try WireRequest(message)) }
        }
        // The guide's first put: {name: 'Alice', age: 30} with default policies.
        guard case .operate(_, let operations, let policy, false) = requests[0] else { Issue.record("\(requests[0])"); return }
        #expect(operations == [.write(Bin("name", .string("Alice"))), .write(Bin("age", .int(30)))])
        #expect(policy.ttl == .namespaceDefault && policy.exists == .update && policy.generation == .none && !policy.sendKey)
        guard case .read(_, nil, _) = requests[1] else { Issue.record("\(requests[1])"); return }
        // The put of every type carries them all, the None bin as a bin removal.
        guard case .operate(_, let typed, _, _) = requests[2] else { Issue.record("\(requests[2])"); return }
        #expect(typed.contains(.write(Bin("map_bin", .map([MapEntry(.string("nested"), .string("dict"))])))))
        #expect(typed.contains(.write(Bin("bytes_bin", .bytes([0, 1, 2])))))
        #expect(typed.contains(.write(Bin("bool_bin", .bool(true)))))
        #expect(typed.contains(.write(Bin("none_bin", .nil))))
        // Policies the guide uses all appear.
        let policies = requests.compactMap { request -> WritePolicy? in
            if case .operate(_, _, let policy, _) = request { return policy }
            if case .remove(_, let policy) = request { return policy }
            return nil
        }
        #expect(policies.contains { $0.ttl == .seconds(300) })
        #expect(policies.contains { $0.ttl == .never })
        #expect(policies.contains { $0.exists == .createOnly })
        #expect(policies.contains { $0.exists == .replaceOnly })
        #expect(policies.contains { $0.sendKey })
        #expect(policies.contains { $0.generation == .equal(5) })
        #expect(requests.contains { if case .readHeader = $0 { true } else { false } })
        #expect(requests.contains { if case .read(_, ["name"], _) = $0 { true } else { false } })
    }
}
