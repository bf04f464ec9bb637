import AerospikeCore
import AerospikeWire
import Logging
import NIOCore

/// Serves one client connection on its event loop: each frame is answered right there,
/// store call included, with no hop to another thread (`ConnectionStateMachine` says what
/// each frame leads to). Replies are flushed once per read burst, so pipelined requests
/// share a write; a batch or scan goes out a frame at a time while the socket takes them.
final class ServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ProtoFrame
    typealias OutboundOut = ByteBuffer

    private let server: ServerContext
    private var machine: ConnectionStateMachine
    /// Frames that arrived while a reply was still going out, in order.
    private var queued = CircularBuffer<ProtoFrame>()
    /// The batch or scan whose replies are going out.
    private var stream: (any ReplyStream)?
    /// Frames of the stream still to send before the connection is dropped (a fault).
    private var framesBeforeDrop: Int?
    /// Inside `continueStream`'s loop.
    private var sending = false
    private var peer = "?"

    init(server: ServerContext) {
        self.server = server
        machine = ConnectionStateMachine(securityEnabled: server.security.isEnabled)
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress?.description ?? "?"
        server.connectionOpened()
        server.logger.debug("connection opened", metadata: ["peer": "\(peer)"])
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        machine.closed()
        stream = nil
        queued.removeAll()
        server.connectionClosed()
        server.logger.debug("connection closed", metadata: ["peer": "\(peer)"])
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        handle(unwrapInboundIn(data), context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, stream != nil { continueStream(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A frame too large or malformed at the framing level: like a real server, drop
        // the connection.
        server.logger.debug("connection error", metadata: ["peer": "\(peer)", "reason": "\(error)"])
        machine.closed()
        context.close(promise: nil)
    }

    private func handle(_ frame: ProtoFrame, context: ChannelHandlerContext) {
        let action = machine.frameArrived(frame.type)
        if action != .queue && action != .ignore { server.requestReceived() }
        switch action {
        case .ignore:
            return
        case .queue:
            queued.append(frame)
        case .refuseNotAuthenticated:
            context.write(wrapOutboundOut(WireServer.notAuthenticated(frame)), promise: nil)
        case .refuseUnsupported:
            context.write(wrapOutboundOut(WireReply.header(.unsupportedFeature, now: server.processor.now()).frame()), promise: nil)
        case .info:
            let answers = server.info.answer(InfoMessage.parseRequest(frame.body))
            var out = ByteBuffer()
            ProtoFrame(type: .info, body: InfoMessage.encodeResponse(answers)).write(to: &out)
            context.write(wrapOutboundOut(out), promise: nil)
        case .security:
            answerSecurity(frame.body, context: context)
        case .command:
            runCommand(frame.body, context: context)
        }
    }

    private func answerSecurity(_ body: ByteBuffer, context: ChannelHandlerContext) {
        guard server.security.isEnabled else {
            context.write(wrapOutboundOut(WireServer.securityNotEnabled(body)), promise: nil)
            return
        }
        guard let request = try? AdminMessage.decode(body) else {
            let command = AdminCommand(rawValue: body.getInteger(at: body.readerIndex + 2, as: UInt8.self) ?? 0)
            context.write(wrapOutboundOut(AdminMessage(command, resultCode: .parameterError).frame()), promise: nil)
            return
        }
        let (reply, user) = server.security.answer(request)
        if let user {
            machine.loggedIn()
            server.logger.debug("authenticated", metadata: ["peer": "\(peer)", "user": "\(user)"])
        }
        context.write(wrapOutboundOut(reply.frame()), promise: nil)
    }

    private func runCommand(_ body: ByteBuffer, context: ChannelHandlerContext) {
        let request = server.processor.decode(body)
        if server.logger.logLevel <= .debug, let filter = CommandProcessor.filterField(body) {
            // What a client put in the filter field, byte for byte: how a test compares the
            // official clients' encoding of an expression with aerosh's.
            server.logger.debug("filter expression", metadata: ["peer": "\(peer)", "bytes": "\(Hex.encode(filter))"])
        }
        let command = request.command
        if command == .batch { server.batchReceived() }
        switch command.flatMap(server.faults.decide) {
        case .refuse(let code)?:
            context.write(wrapOutboundOut(server.processor.refusal(code, stream: command == .batch || command == .scan)), promise: nil)
        case .answer(let bytes)?:
            context.write(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
        case .delay(let delay)?:
            // Held back: later frames wait behind it, as they would behind a slow answer.
            machine.replyStarted()
            context.flush()
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay.components.seconds) * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)) {
                let handler = loopBound.value
                let context = contextBound.value
                guard case .streaming = handler.machine.state else { return }
                switch handler.server.processor.process(request) {
                case .frame(let frame):
                    context.write(handler.wrapOutboundOut(frame), promise: nil)
                    handler.finishReply(context: context)
                case .stream(let replies):
                    handler.reply(.stream(replies), context: context)
                }
            }
        case .dropAfterFrames(let frames)?:
            framesBeforeDrop = frames
            reply(server.processor.process(request), context: context)
        case nil:
            reply(server.processor.process(request), context: context)
        }
    }

    private func reply(_ reply: CommandProcessor.Reply, context: ChannelHandlerContext) {
        switch reply {
        case .frame(let frame):
            context.write(wrapOutboundOut(frame), promise: nil)
        case .stream(let replies):
            stream = replies
            machine.replyStarted()
            continueStream(context: context)
        }
    }

    /// Sends the stream's next frame, then lets the event loop serve its other connections
    /// before the one after (a long batch or scan must not starve them: every store call runs on
    /// this loop); the rest waits for `channelWritabilityChanged` when the socket is full.
    /// A flush that drains the socket reports writability from inside this function:
    /// `sending` keeps that from nesting a second call.
    private func continueStream(context: ChannelHandlerContext) {
        guard !sending, var replies = stream else { return }
        sending = true
        defer { sending = false }
        guard let frame = replies.nextFrame() else {
            stream = nil
            finishReply(context: context)
            return
        }
        stream = replies.isFinished ? nil : replies
        context.write(wrapOutboundOut(frame), promise: nil)
        if let left = framesBeforeDrop {
            framesBeforeDrop = left - 1
            if left <= 1 {
                stream = nil
                machine.closed()
                context.flush()
                context.close(promise: nil)
                return
            }
        }
        guard stream != nil else {
            finishReply(context: context)
            return
        }
        context.flush()
        guard context.channel.isWritable else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let (handler, context) = bound.value
            handler.continueStream(context: context)
        }
    }

    /// The reply in progress is out: answer what queued behind it.
    private func finishReply(context: ChannelHandlerContext) {
        machine.replyFinished()
        while !queued.isEmpty {
            switch machine.state {
            case .ready, .unauthenticated:
                handle(queued.removeFirst(), context: context)
            case .streaming, .closing:
                // Another reply is going out (or the connection is ending): the rest waits.
                context.flush()
                return
            }
        }
        context.flush()
    }
}
