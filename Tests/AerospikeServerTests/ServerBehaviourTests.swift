import AerospikeCore
import AerospikeTestSupport
import AerospikeWire
import NIOCore
import Testing

@Suite("Server behaviour")
struct ServerBehaviourTests {
    func info(_ commands: String, port: Int) async throws -> String {
        let connection = try TestConnection(port: port)
        try await connection.send(TestConnection.frame(type: 1, body: Array(commands.utf8)))
        let (type, body) = try await connection.receiveFrame()
        #expect(type == 1)
        return String(decoding: body, as: UTF8.self)
    }

    @Test func answersTheInfoCommandsClientsTendWith() async throws {
        let fixture = try await ServerFixture()
        let seed = try await info("node\npartition-generation\nbuild\n", port: fixture.port)
        let lines = seed.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("node\t") && lines[0].count > 6)
        #expect(lines[1] == "partition-generation\t0")
        #expect(lines[2] == "build\t8.1.2.0")
        #expect(try await info("peers-clear-std\n", port: fixture.port) == "peers-clear-std\t0,\(fixture.port),[]\n")
        let replicas = try await info("replicas\n", port: fixture.port)
        let sections = replicas.dropFirst("replicas\t".count).dropLast().split(separator: ";")
        #expect(sections.count == 2)
        for section in sections {
            let parts = section.split(separator: ",")
            #expect(parts.count == 3)
            #expect(parts[2].count == 684)
            #expect(parts[0].hasSuffix(":0") && parts[1] == "1")
        }
        #expect(try await info("namespaces\n", port: fixture.port) == "namespaces\ttest;bar\n")
        // As on a real server: a word it does not know gets no line; an unknown command
        // with parameters gets ERROR:4.
        #expect(try await info("hello\n", port: fixture.port) == "")
        #expect(try await info("mark:x\nbuild\n", port: fixture.port) == "mark:x\tERROR:4:unrecognized command\nbuild\t8.1.2.0\n")
        try await fixture.stop()
    }

    @Test func anEmptyMessageIsAParameterError() async throws {
        let fixture = try await ServerFixture()
        let connection = try TestConnection(port: fixture.port)
        try await connection.send(TestConnection.frame(type: 3, body: []))
        let (type, body) = try await connection.receiveFrame()
        #expect(type == 3)
        #expect(body.count == 22)
        #expect(body[5] == UInt8(ResultCode.parameterError.rawValue))
        try await fixture.stop()
    }

    @Test func securityCommandsSaySecurityIsNotEnabled() async throws {
        let fixture = try await ServerFixture()
        let connection = try TestConnection(port: fixture.port)
        try await connection.send(TestConnection.frame(type: 2, body: [0, 0, 20, 2] + [UInt8](repeating: 0, count: 12)))
        let (type, body) = try await connection.receiveFrame()
        #expect(type == 2)
        #expect(body.count == 16)
        #expect(body[1] == 52)
        #expect(body[2] == 20)
        try await fixture.stop()
    }

    @Test func anOversizedFrameClosesOnlyItsConnection() async throws {
        let fixture = try await ServerFixture()
        let bad = try TestConnection(port: fixture.port)
        let good = try TestConnection(port: fixture.port)
        try await bad.send([2, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        await #expect(throws: TestConnection.Failure.closed) { try await bad.receiveFrame() }
        try await good.send(TestConnection.frame(type: 1, body: Array("build\n".utf8)))
        #expect(String(decoding: try await good.receiveFrame().body, as: UTF8.self) == "build\t8.1.2.0\n")
        try await fixture.stop()
    }

    /// As a real server: a bin name over 15 bytes is BIN_NAME_TOO_LONG (21), the record
    /// is not written, and the connection goes on serving.
    @Test func aBinNameOverFifteenBytesIsRefusedWithCode21() async throws {
        let fixture = try await ServerFixture()
        let connection = try TestConnection(port: fixture.port)
        let key = Key(namespace: "test", set: "demo", userKey: .string("long"))
        let put = WireRequest.operate(key, [.write(Bin("sixteen_bytes_xx", .int(1)))], WritePolicy(), respondAllOps: false)
        try await connection.send(Array(put.message().frame().readableBytesView))
        let (_, reply) = try await connection.receiveFrame()
        #expect(reply[5] == UInt8(ResultCode.binNameTooLong.rawValue))
        let get = WireRequest.read(key, bins: nil, ReadPolicy())
        try await connection.send(Array(get.message().frame().readableBytesView))
        let (_, missing) = try await connection.receiveFrame()
        #expect(missing[5] == UInt8(ResultCode.recordNotFound.rawValue))
        try await fixture.stop()
    }

    @Test func idleConnectionsAreClosed() async throws {
        let fixture = try await ServerFixture(idleTimeout: .seconds(1))
        let connection = try TestConnection(port: fixture.port, timeoutSeconds: 4)
        await #expect(throws: TestConnection.Failure.closed) { try await connection.receiveFrame() }
        try await fixture.stop()
    }

    @Test func shutdownClosesOpenConnections() async throws {
        let fixture = try await ServerFixture()
        let connection = try TestConnection(port: fixture.port)
        try await connection.send(TestConnection.frame(type: 1, body: Array("node\n".utf8)))
        _ = try await connection.receiveFrame()
        try await fixture.stop()
        await #expect(throws: TestConnection.Failure.closed) { try await connection.receiveFrame() }
    }
}

@Suite("Server streaming and pipelining")
struct ServerStreamingTests {
    /// A batch reply far larger than a socket's buffers goes out as the client reads it,
    /// and a request pipelined behind it is answered after it, in order.
    @Test func aLargeBatchStreamsAndAPipelinedRequestWaitsItsTurn() async throws {
        let fixture = try await ServerFixture()
        let keys = (0..<20_000).map { Key(namespace: "test", set: "stream", userKey: .int(Int64($0))) }
        _ = try await fixture.store.batchWrite(keys.map { BatchWrite(key: $0, operations: [.write(Bin("v", .string(String(repeating: "x", count: 100))))]) }, policy: WritePolicy())
        let entries = keys.enumerated().map { WireRequest.read($0.element, bins: nil, ReadPolicy()).batchEntry(index: UInt32($0.offset)) }
        var message = WireMessage(readFlags: .batch, transactionTTL: 10_000)
        message.fields = [WireField(.batchIndex, BatchIndexRequest(entries: entries).encode())]
        let batchFrame = Array(message.frame().readableBytesView)
        let infoFrame = TestConnection.frame(type: 1, body: Array("build\n".utf8))
        let connection = try TestConnection(port: fixture.port)
        // Both requests at once, before reading anything: the server must not answer the
        // info request before the batch is out, nor hold the batch whole.
        try await connection.send(batchFrame + infoFrame)
        var records = 0
        var sawLast = false
        while !sawLast {
            let (type, body) = try await connection.receiveFrame()
            #expect(type == 3, "a frame of type \(type) came before the batch's end")
            guard type == 3 else { break }
            var buffer = ByteBuffer(bytes: body)
            while buffer.readableBytes > 0 {
                let reply = try WireMessage.read(from: &buffer)
                if reply.infoFlags.contains(.last) { sawLast = true } else { records += 1 }
            }
        }
        #expect(records == 20_000)
        let (type, body) = try await connection.receiveFrame()
        #expect(type == 1)
        #expect(String(decoding: body, as: UTF8.self) == "build\t8.1.2.0\n")
        try await fixture.stop()
    }
}
