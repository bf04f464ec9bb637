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

/// Where a request's reply goes: the statement's task itself, resumed on the loop
/// (`continuation`), or a promise when the request comes from off the loop.
enum ReplyCompletion: Sendable {
    case continuation(UnsafeContinuation<ServerReply, any Error>)
    case promise(EventLoopPromise<ServerReply>)

    func succeed(_ reply: ServerReply) {
        switch self {
        case .continuation(let continuation): continuation.resume(returning: reply)
        case .promise(let promise): promise.succeed(reply)
        }
    }

    func fail(_ error: any Error) {
        switch self {
        case .continuation(let continuation): continuation.resume(throwing: error)
        case .promise(let promise): promise.fail(error)
        }
    }
}

/// A request waiting for its reply on one connection.
struct PendingRequest: Sendable {
    let frame: ByteBuffer
    /// Batch, scan and query replies come as several frames ending with LAST.
    let isStream: Bool
    /// Completed exactly once: by the reply, by the failure of the connection, or by the
    /// deadline.
    let completion: ReplyCompletion
    /// When the whole reply must have come; past it the request fails with
    /// `ReplyTimedOut` and the connection is closed.
    let deadline: NIODeadline
    /// For a stream: called with each frame's messages as it arrives (the promise then
    /// completes with no messages at LAST), so nothing waits for the whole stream.
    var onMessages: (@Sendable ([WireMessage]) -> Void)? = nil
    /// For a stream: the longest silence allowed before its next frame; nil: only the
    /// deadline bounds it.
    var idleTimeout: TimeAmount? = nil

    /// The kind of frame the request is, so its reply must be.
    var type: ProtoType { ProtoType(rawValue: frame.getInteger(at: frame.readerIndex + 1, as: UInt8.self) ?? 0) }

    /// When its timer must fire next: the deadline, or sooner a silence too long.
    func nextTimeout() -> NIODeadline {
        idleTimeout.map { min(deadline, .now() + $0) } ?? deadline
    }
}

/// No reply came before the request's deadline (or a stream fell silent for too long).
struct ReplyTimedOut: Error {}

/// Matches replies to requests on one connection, in order (the protocol answers requests
/// in the order they were sent), and keeps each request's deadline on the connection's
/// event loop: no other thread schedules or cancels a timer.
///
/// One timer serves every request: it is armed no later than the first request's due
/// time, and when it fires at a time nothing is due yet (its request was answered, and
/// the next one is due later) it is armed again for what is due next. A timer scheduled
/// and cancelled for every request cost more than the rest of a PUT's reply handling; a
/// script of sequential PUTs now arms about one per timeout. Any error, and a
/// missed deadline, fails every waiting request and closes the connection, which then
/// cannot be trusted (a late reply would be read as the next request's). So does a reply
/// of another kind than its request (an info frame answering an AS_MSG): a stream that
/// took one for its end would call a scan complete with none of its records.
///
/// The pool gives a connection to one command at a time, so the first waiting request is
/// the one being answered: a stream's silence is measured for it alone.
final class ResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = ProtoFrame
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var request: PendingRequest
        var messages: [WireMessage] = []
        /// When the request must next have heard from its node: its deadline, or sooner
        /// the end of the silence a stream is allowed.
        var due: NIODeadline
    }

    private var waiting = CircularBuffer<Waiting>()
    /// The one timer, and when it is due; nil when none is armed.
    private var timer: Scheduled<Void>?
    private var timerDue: NIODeadline?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        let due = request.nextTimeout()
        waiting.append(Waiting(request: request, due: due))
        armTimer(atOrBefore: due, context: context)
        context.write(wrapOutboundOut(request.frame), promise: promise)
    }

    /// Makes sure the timer fires no later than `due`.
    private func armTimer(atOrBefore due: NIODeadline, context: ChannelHandlerContext) {
        if let armed = timerDue, armed <= due { return }
        timer?.cancel()
        timerDue = due
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = bound.value
            handler.timerFired(context: context, due: due)
        }
    }

    private func disarmTimer() {
        timer?.cancel()
        timer = nil
        timerDue = nil
    }

    /// How late a timer may fire before the loop's thread counts as having been held.
    static let stallAllowance = TimeAmount.milliseconds(50)
    /// How long a timer that fired late waits, so the loop reads its sockets first.
    static let stallGrace = TimeAmount.milliseconds(10)

    /// A deadline passed, or a stream's silence ran too long. A silence the client made
    /// itself (it stopped reading while its consumer catches up: `StreamBackpressure`) is
    /// not the node's, and is waited out.
    ///
    /// A timer that fires well after it was due means the loop's thread was held (a
    /// statement run there whose output blocked on a full pipe, a million-key batch
    /// making its digests). A reply that came meanwhile is still unread in the socket, and
    /// NIO runs the timers that fell due before it reads again: the node is given one
    /// more turn of the loop, which reads first, before the request fails.
    private func timerFired(context: ChannelHandlerContext, due: NIODeadline) {
        // A timer replaced by an earlier one may still run.
        guard timerDue == due else { return }
        timer = nil
        timerDue = nil
        guard let first = waiting.first else { return }
        let now = NIODeadline.now()
        // Nothing is due yet: the request the timer was armed for was answered.
        if now < first.due {
            armTimer(atOrBefore: first.due, context: context)
            return
        }
        if now - due > Self.stallAllowance {
            armTimer(atOrBefore: now + Self.stallGrace, context: context)
            return
        }
        let reading = (try? context.channel.syncOptions?.getOption(.autoRead)) ?? true
        if now < first.request.deadline && !reading {
            restartSilence()
            armTimer(atOrBefore: waiting[waiting.startIndex].due, context: context)
            return
        }
        fail(context: context, ReplyTimedOut())
    }

    /// The first waiting request heard from its node: its silence starts over (the armed
    /// timer, due sooner, finds it not yet due and arms itself again).
    private func restartSilence() {
        guard let first = waiting.first, first.request.idleTimeout != nil else { return }
        waiting[waiting.startIndex].due = first.request.nextTimeout()
    }

    /// The first waiting request is answered. Its timer is left armed: when it fires,
    /// the next request (due later) arms it again, or nothing waits and it stops.
    private func finishFirst() -> Waiting {
        waiting.removeFirst()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let first = waiting.first else {
            fail(context: context, ProtocolViolation(reason: "sent a reply nobody asked for"))
            return
        }
        guard frame.type == first.request.type else {
            fail(context: context, ReplyFrames.wrongKind(frame.type, due: first.request.type))
            return
        }
        switch frame.type {
        case .info:
            finishFirst().request.completion.succeed(.info(frame.body))
        case .admin:
            finishFirst().request.completion.succeed(.admin(frame.body))
        case .message:
            let messages: [WireMessage]
            let last: Bool
            do throws(ProtocolViolation) {
                (messages, last) = try ReplyFrames.messages(in: frame)
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
                done.request.completion.succeed(.messages(done.messages))
            } else {
                restartSilence()
            }
        default:
            fail(context: context, ReplyFrames.wrongKind(frame.type, due: first.request.type))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(ConnectionClosed())
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, _ error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        disarmTimer()
        while let entry = waiting.popFirst() {
            entry.request.completion.fail(error)
        }
    }
}
