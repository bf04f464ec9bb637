import AerospikeCore
import AerospikeWire
import NIOCore
import NIOPosix

/// One TCP connection to a node, used by one command at a time (the pool sees to that).
final class NodeConnection: Sendable {
    let channel: any Channel
    let address: HostAddress

    private init(channel: any Channel, address: HostAddress) {
        self.channel = channel
        self.address = address
    }

    static func connect(to address: HostAddress, group: any EventLoopGroup, timeout: Duration) async throws(AerospikeError) -> NodeConnection {
        do {
            let channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.milliseconds(Int64(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ProtoFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(ResponseHandler())
                    }
                }
                .connect(host: address.host, port: address.port)
                .get()
            return NodeConnection(channel: channel, address: address)
        } catch {
            throw AerospikeError(.connectionError, message: "cannot connect to \(address): \(ConnectionFailure.describe(error))", underlying: "\(error)")
        }
    }

    var isActive: Bool { channel.isActive }

    /// Sends one request and waits for its reply until `deadline` (kept by the
    /// `ResponseHandler`, on the connection's event loop). On timeout the connection is
    /// closed: a late reply would be read as the next command's.
    ///
    /// `idleTimeout`, for a stream: the longest silence between its frames (the socket
    /// timeout), so a node that stops answering a long scan is given up on.
    func request(
        _ frame: ByteBuffer, isStream: Bool, deadline: ContinuousClock.Instant, idleTimeout: Duration? = nil,
        onMessages: (@Sendable ([WireMessage]) -> Void)? = nil
    ) async throws(AerospikeError) -> ServerReply {
        // A server closes the connection on a frame above the protocol's limit, which a
        // user would read as the node failing: say what is wrong, and send nothing.
        let bodySize = frame.readableBytes - ProtoFrame.headerSize
        guard bodySize <= ProtoFrame.maxBodySize else {
            throw AerospikeError(
                .invalidParameter,
                message: "the request takes \(bodySize) bytes, above the protocol's limit of \(ProtoFrame.maxBodySize) (128 MiB); send it in smaller parts")
        }
        let promise = channel.eventLoop.makePromise(of: ServerReply.self)
        let remaining = deadline - ContinuousClock.now
        let nanoseconds = max(0, Int64(remaining.components.seconds) * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000)
        // A write that fails before reaching the response handler (the connection closed
        // meanwhile) must still complete the request; completing it twice is harmless.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail($0) }
        let request = PendingRequest(
            frame: frame, isStream: isStream, promise: promise, deadline: .now() + .nanoseconds(nanoseconds),
            onMessages: onMessages, idleTimeout: idleTimeout.map(ConnectionFailure.timeAmount))
        channel.writeAndFlush(request, promise: written)
        do {
            // Cancelling the task (Ctrl-C) closes the connection, which fails the request at
            // once rather than at its deadline.
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: { [channel] in
                channel.close(promise: nil)
            }
        } catch {
            if Task.isCancelled {
                throw AerospikeError(.clientAbort, message: "cancelled")
            }
            throw ConnectionFailure.reply(error, from: address)
        }
    }

    func close() {
        channel.close(promise: nil)
    }
}
