import AerospikeCore
import AerospikeEmbedded
import AerospikeSemantics
@testable import AerospikeServer
import AerospikeWire
import Logging
import NIOCore
import NIOEmbedded
import Testing

/// One connection's handler on an `EmbeddedChannel`: the test decides when the socket
/// takes more, so streaming and ordering are checked exactly, without timing.
@Suite("Server connection handler")
struct ServerConnectionHandlerTests {
    static func channel(store: EmbeddedStore) throws -> EmbeddedChannel {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 3000, namespaces: ["test"])
        let processor = CommandProcessor(client: store.synchronous, clock: SystemClock(), owns: { _ in true }) { _ in }
        let info = InfoResponder(
            configuration: configuration, port: { 3000 }, topology: .single, data: DataInfoResponder(store: store.synchronous)) { [] }
        let context = ServerContext(
            security: .disabled, info: info, processor: processor, faults: .none,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), counters: ServerCounters())
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ProtoFrameDecoder()))
        try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(server: context))
        return channel
    }

    /// The proto type of each frame written so far.
    static func writtenTypes(_ channel: EmbeddedChannel) throws -> [(type: UInt8, body: ByteBuffer)] {
        var frames: [(UInt8, ByteBuffer)] = []
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            let header = buffer.readBytes(length: 8) ?? []
            frames.append((header.count == 8 ? header[1] : 0, buffer))
        }
        return frames
    }

    @Test func aBatchGoesOutWhileTheSocketTakesItAndARequestBehindItWaits() async throws {
        let store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath, namespaces: [.init(name: "test")])
        let keys = (0..<3_000).map { Key(namespace: "test", set: "s", userKey: .int(Int64($0))) }
        _ = try await store.batchWrite(keys.map { BatchWrite(key: $0, operations: [.write(Bin("v", .string(String(repeating: "x", count: 100))))]) }, policy: WritePolicy())
        let channel = try Self.channel(store: store)
        var message = WireMessage(readFlags: .batch, transactionTTL: 10_000)
        message.fields = [WireField(.batchIndex, BatchIndexRequest(entries: keys.enumerated().map {
            WireRequest.read($0.element, bins: nil, ReadPolicy()).batchEntry(index: UInt32($0.offset))
        }).encode())]
        var input = message.frame()
        ProtoFrame(type: .info, body: ByteBuffer(string: "build\n")).write(to: &input)

        // The socket takes nothing more after the first frame.
        channel.isWritable = false
        try channel.writeInbound(input)
        let first = try Self.writtenTypes(channel)
        #expect(first.map(\.type) == [3], "only the first frame of the batch goes out")

        // It takes more: the rest of the batch, then the info answer, in that order.
        // The handler sends a frame per turn of the event loop, so that a long batch
        // leaves the loop's other connections their turns: run the loop's turns.
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.run()
        let rest = try Self.writtenTypes(channel)
        #expect(rest.count > 1)
        #expect(rest.dropLast().allSatisfy { $0.type == 3 })
        #expect(rest.last?.type == 1)
        #expect(rest.last.map { String(buffer: $0.body) } == "build\t8.1.2.0\n")
        var records = 0
        var last = 0
        for var frame in (first + rest.dropLast()).map(\.body) {
            while frame.readableBytes > 0 {
                let reply = try WireMessage.read(from: &frame)
                if reply.infoFlags.contains(.last) { last += 1 } else { records += 1 }
            }
        }
        #expect(records == 3_000)
        #expect(last == 1)
        _ = try channel.finish()
        await store.close()
    }
}
