import AerospikeCore
import AerospikeWire
import NIOCore
import NIOPosix

/// One TCP connection to a node (TLS inside it when the client speaks TLS), used by one command at a time (the pool sees to that).
final class NodeConnection: Sendable {
    let channel: any Channel
    let address: HostAddress
    /// The TLS error the connection met, if it speaks TLS.
    private let tlsErrors: TLSErrorLog?

    private init(channel: any Channel, address: HostAddress, tlsErrors: TLSErrorLog?) {
        self.channel = channel
        self.address = address
        self.tlsErrors = tlsErrors
    }

    /// Opens a connection; with `tls`, also completes the handshake (within `timeout`
    /// too), so a certificate that fails says so here rather than at the first request.
    static func connect(
        to address: HostAddress, group: any EventLoopGroup, timeout: Duration, tls: TLSClientContext? = nil
    ) async throws(AerospikeError) -> NodeConnection {
        let loop = group.next()
        let handshake = tls.map { _ in loop.makePromise(of: Void.self) }
        let tlsErrors = tls.map { _ in TLSErrorLog() }
        let deadline = NIODeadline.now() + timeout.timeAmount
        let channel: any Channel
        do {
            let bootstrap = ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(timeout.timeAmount)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls, let handshake, let tlsErrors {
                            try channel.pipeline.syncOperations.addHandler(tls.makeHandler(for: address))
                            try channel.pipeline.syncOperations.addHandler(TLSHandshakeWatcher(
                                promise: handshake, deadline: deadline, expectedName: tls.serverName(for: address), log: tlsErrors))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ProtoFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(ResponseHandler())
                    }
                }
            // An address given as an IP literal (a seed such as 127.0.0.1, and every peer
            // and node a cluster names) is connected to directly; only a host name goes
            // through NIO's resolver (getaddrinfo and Happy Eyeballs), which a literal
            // otherwise also went through, on a thread of its own.
            if let literal = try? SocketAddress(ipAddress: address.host, port: address.port) {
                channel = try await bootstrap.connect(to: literal).get()
            } else {
                channel = try await bootstrap.connect(host: address.host, port: address.port).get()
            }
        } catch {
            handshake?.fail(error)
            throw AerospikeError(.connectionError, message: "cannot connect to \(address): \(ConnectionFailure.describe(error))", underlying: "\(error)")
        }
        if let tls, let handshake {
            do {
                try await handshake.futureResult.get()
            } catch {
                channel.close(promise: nil)
                throw await TLSDiagnosis.error(error, address: address, context: tls, group: group, timeout: timeout)
            }
        }
        return NodeConnection(channel: channel, address: address, tlsErrors: tlsErrors)
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
        try Self.checkSize(of: frame)
        let remaining = deadline - ContinuousClock.now
        let nanoseconds = max(0, Int64(remaining.components.seconds) * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000)
        let due = NIODeadline.now() + .nanoseconds(nanoseconds)
        let idle = idleTimeout.map(ConnectionFailure.timeAmount)
        do {
            // Cancelling the task (Ctrl-C) closes the connection, which fails the request at
            // once rather than at its deadline.
            return try await withTaskCancellationHandler {
                if channel.eventLoop.inEventLoop {
                    return try await requestOnLoop(frame, isStream: isStream, due: due, idleTimeout: idle, onMessages: onMessages)
                }
                return try await requestFromElsewhere(frame, isStream: isStream, due: due, idleTimeout: idle, onMessages: onMessages)
            } onCancel: { [channel] in
                channel.close(promise: nil)
            }
        } catch {
            if Task.isCancelled {
                throw AerospikeError(.clientAbort, message: "cancelled")
            }
            // A TLS server that refuses this client's certificate may say so only now (TLS
            // 1.3: after the client's side of the handshake), as the first reply fails.
            if !(error is AerospikeError), let refusal = TLSFailure.refusalOfThisClient(tlsErrors?.text ?? "\(error)") {
                throw AerospikeError(.connectionError, message: "TLS handshake with \(address) failed: \(refusal)", underlying: "\(error)")
            }
            throw ConnectionFailure.reply(error, from: address)
        }
    }

    /// On the connection's own loop (where a statement's task runs): the request goes
    /// through the pipeline at once and the reply resumes the task directly, with no
    /// promise, future or callback in between. An active channel takes the request into
    /// its `ResponseHandler`, which then completes it however the connection fares.
    private func requestOnLoop(
        _ frame: ByteBuffer, isStream: Bool, due: NIODeadline, idleTimeout: TimeAmount?,
        onMessages: (@Sendable ([WireMessage]) -> Void)?
    ) async throws -> ServerReply {
        try await withUnsafeThrowingContinuation { continuation in
            guard channel.isActive else {
                continuation.resume(throwing: ConnectionClosed())
                return
            }
            let request = PendingRequest(
                frame: frame, isStream: isStream, completion: .continuation(continuation), deadline: due,
                onMessages: onMessages, idleTimeout: idleTimeout)
            channel.writeAndFlush(request, promise: nil)
        }
    }

    /// From another thread: the write may fail before reaching the `ResponseHandler` (the
    /// connection closed meanwhile), which must still complete the request; completing a
    /// promise twice is harmless.
    private func requestFromElsewhere(
        _ frame: ByteBuffer, isStream: Bool, due: NIODeadline, idleTimeout: TimeAmount?,
        onMessages: (@Sendable ([WireMessage]) -> Void)?
    ) async throws -> ServerReply {
        let promise = channel.eventLoop.makePromise(of: ServerReply.self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail($0) }
        let request = PendingRequest(
            frame: frame, isStream: isStream, completion: .promise(promise), deadline: due,
            onMessages: onMessages, idleTimeout: idleTimeout)
        channel.writeAndFlush(request, promise: written)
        return try await promise.futureResult.get()
    }

    func close() {
        channel.close(promise: nil)
    }

    /// A server closes the connection on a frame above the protocol's limit, which a user
    /// would read as the node failing: say what is wrong, and send nothing.
    static func checkSize(of frame: ByteBuffer) throws(AerospikeError) {
        let bodySize = frame.readableBytes - ProtoFrame.headerSize
        guard bodySize <= ProtoFrame.maxBodySize else {
            throw AerospikeError(
                .invalidParameter,
                message: "the request takes \(bodySize) bytes, above the protocol's limit of \(ProtoFrame.maxBodySize) (128 MiB); send it in smaller parts")
        }
    }
}
