import AerospikeCore
import AerospikeSemantics
import AerospikeTestSupport
@testable import AerospikeWire
import NIOCore
import Testing

/// The CDT capture replayed: each request the official client sent a real 8.1 server is
/// decoded, applied to the record by the `RecordEngine`, and answered as `aerosh serve`
/// answers; the reply must be the server's, byte for byte (result code, generation, void
/// time, every result with its operation type and particle).
@Suite("CDT capture replayed through the record engine")
struct CDTReplayTests {
    static let file = "cdt-expressions-aerospike-c.txt"
    /// The replies carry void time 536086887 for the namespace's 30-day default TTL.
    static let now: UInt32 = 536_086_887 - NamespaceConfig.standardDefaultTTL

    /// Steps whose replies hold a list or map a server keeps ordered: its bytes start with
    /// the order flags (`95 c7 00 01 …`), which aerosh's values do not keep. For those, the
    /// values are compared once decoded.
    static let orderFlagSteps: Set<String> = ["ordered list create+append", "key-ordered map put", "get"]

    struct Exchange {
        var label: String
        var request: WireMessage
        var reply: CapturedFrame
    }

    /// The steps of the capture up to the first plain get (the filter expressions after
    /// it are another matter), each request with the server's reply.
    static func exchanges() throws -> [Exchange] {
        var exchanges: [Exchange] = []
        for (label, frames) in CaptureFile.labelledFrames(file) {
            let requests = frames.filter { $0.direction == .toServer }
            let replies = frames.filter { $0.direction == .toClient }
            for (request, reply) in zip(requests, replies) {
                var body = ByteBuffer(bytes: request.body)
                exchanges.append(Exchange(label: label, request: try WireMessage.read(from: &body), reply: reply))
            }
            if label == "get" { break }
        }
        return exchanges
    }

    @Test("every reply is the real server's")
    func replay() throws {
        let exchanges = try Self.exchanges()
        #expect(exchanges.count == 25)
        let engine = RecordEngine(now: Self.now, namespace: NamespaceConfig(name: "test"))
        var record: StoredRecord?
        for exchange in exchanges {
            let request = exchange.request
            let digest = try #require(request.field(.digest).flatMap { Digest(Array($0.data.readableBytesView)) })
            let key = Key(namespace: "test", set: "cdt", userKey: nil, digest: digest)
            let readsAll = request.readFlags.contains(.getAll)
            let operations = readsAll ? [.readAll] : try request.operations.map(WireRequest.operation)
            let reply: WireMessage
            do {
                let outcome = try engine.apply(operations, to: record, key: key, policy: WritePolicy())
                switch outcome.change {
                case .store(let stored): record = stored
                case .delete: record = nil
                case .none: break
                }
                if readsAll {
                    reply = WireReply.record(outcome.metadata, bins: outcome.perOperation.flatMap { $0 }, now: Self.now)
                } else {
                    let result = OperateResult(
                        record: Record(key: key, metadata: outcome.metadata, bins: outcome.perOperation.flatMap { $0 }.mergedByName()),
                        perOperation: outcome.perOperation)
                    reply = WireReply.operate(
                        result, requested: request.operations, respondAllOps: request.writeFlags.contains(.respondAllOps), now: Self.now)
                }
            } catch {
                reply = WireReply.header(error.code, metadata: error.metadata, now: Self.now)
            }
            var encoded = ByteBuffer()
            reply.write(to: &encoded)
            if Self.orderFlagSteps.contains(exchange.label) {
                var captured = ByteBuffer(bytes: exchange.reply.body)
                let expected = try WireMessage.read(from: &captured)
                #expect(reply.resultCode == expected.resultCode, "\(exchange.label)")
                #expect(reply.generation == expected.generation, "\(exchange.label)")
                #expect(reply.operations.map(\.type) == expected.operations.map(\.type), "\(exchange.label)")
                #expect(try WireReplyDecoding.bins(reply) == WireReplyDecoding.bins(expected), "\(exchange.label)")
            } else {
                #expect(hex(encoded) == Hex.encode(exchange.reply.body), "\(exchange.label)")
            }
        }
    }
}
