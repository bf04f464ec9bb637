import AerospikeCore
import AerospikeWire
import NIOCore

/// What a server answered to one request.
enum ServerReply: Sendable {
    case info(ByteBuffer)
    /// The AS_MSGs of the reply: one for a single-record command, every record of a batch
    /// stream up to and including the one marked LAST.
    case messages([WireMessage])
    case admin(ByteBuffer)
}

/// A request waiting for its reply on one connection.
struct PendingRequest: Sendable {
    let frame: ByteBuffer
    /// Batch, scan and query replies come as several frames ending with LAST.
    let isStream: Bool
    let promise: EventLoopPromise<ServerReply>
    /// When the whole reply must have come; past it the request fails with
    /// `ReplyTimedOut` and the connection is closed.
    let deadline: NIODeadline
    /// For a stream: called with each frame's messages as it arrives (the promise then
    /// completes with no messages at LAST), so nothing waits for the whole stream.
    var onMessages: (@Sendable ([WireMessage]) -> Void)? = nil
}

/// No reply came before the request's deadline.
struct ReplyTimedOut: Error {}

/// Matches replies to requests on one connection, in order (the protocol answers requests
/// in the order they were sent), and keeps each request's deadline on the connection's
/// event loop: no other thread schedules or cancels a timer per request. Any error, and a
/// missed deadline, fails every waiting request and closes the connection, which then
/// cannot be trusted (a late reply would be read as the next request's).
final class ResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = ProtoFrame
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var request: PendingRequest
        var messages: [WireMessage] = []
        var timer: Scheduled<Void>?
    }

    private var waiting = CircularBuffer<Waiting>()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timer = context.eventLoop.scheduleTask(deadline: request.deadline) {
            let (handler, context) = bound.value
            handler.fail(context: context, ReplyTimedOut())
        }
        waiting.append(Waiting(request: request, timer: timer))
        context.write(wrapOutboundOut(request.frame), promise: promise)
    }

    /// The first waiting request is answered: its timer stops.
    private func finishFirst() -> Waiting {
        let done = waiting.removeFirst()
        done.timer?.cancel()
        return done
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard !waiting.isEmpty else {
            fail(context: context, AerospikeError(.clientError, message: "the server sent a reply nobody asked for"))
            return
        }
        switch frame.type {
        case .info:
            finishFirst().request.promise.succeed(.info(frame.body))
        case .admin:
            finishFirst().request.promise.succeed(.admin(frame.body))
        case .message:
            var body = frame.body
            var last = false
            var messages: [WireMessage] = []
            do {
                while body.readableBytes > 0 {
                    let message = try WireMessage.read(from: &body)
                    last = last || message.infoFlags.contains(.last)
                    messages.append(message)
                }
            } catch {
                fail(context: context, error)
                return
            }
            if let onMessages = waiting[waiting.startIndex].request.onMessages {
                onMessages(messages)
            } else {
                waiting[waiting.startIndex].messages += messages
            }
            if !waiting[waiting.startIndex].request.isStream || last {
                let done = finishFirst()
                done.request.promise.succeed(.messages(done.messages))
            }
        default:
            fail(context: context, AerospikeError(.clientError, message: "the server sent a frame of type \(frame.type.rawValue)"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(AerospikeError(.connectionError, message: "the server closed the connection"))
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, _ error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let entry = waiting.popFirst() {
            entry.timer?.cancel()
            entry.request.promise.fail(error)
        }
    }
}
