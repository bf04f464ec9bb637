import AerospikeCore
import AerospikeWire
import Histogram
import NIOCore

/// One client connection of a load run: sends a request, waits for its reply, checks it,
/// records the latency, and sends the next, until the run's end; then closes. Everything
/// happens on the connection's event loop, so the tally needs no lock.
final class LoadConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ProtoFrame
    typealias OutboundOut = ByteBuffer

    private enum Request { case put(Int64), get }

    private let requests: LoadRequests
    private let plan: LoadPlan
    private let stopAt: NIODeadline
    private let done: EventLoopPromise<ConnectionTally>
    private var tally = ConnectionTally()
    private var random: SplitMix64
    /// The request awaiting its reply, and when it was sent.
    private var inFlight: (request: Request, sentAt: NIODeadline)?
    private var replyTimer: Scheduled<Void>?
    /// Set once the connection stopped on purpose (the run ended, or after an error).
    private var finishing = false
    private var nextValue: Int64

    init(requests: LoadRequests, plan: LoadPlan, stopAt: NIODeadline, seed: UInt64, done: EventLoopPromise<ConnectionTally>) {
        self.requests = requests
        self.plan = plan
        self.stopAt = stopAt
        self.done = done
        random = SplitMix64(seed: seed)
        // Each connection counts in a range of its own, so a value read back says who wrote it.
        nextValue = Int64(truncatingIfNeeded: seed & 0xFFFF) << 32
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let (request, sentAt) = inFlight else {
            fail("a reply nobody asked for", context: context)
            return
        }
        inFlight = nil
        replyTimer?.cancel()
        let elapsed = NIODeadline.now() - sentAt
        _ = tally.latencies.record(UInt64(max(1, elapsed.nanoseconds / 1000)))
        if let problem = check(frame, answering: request) {
            fail(problem, context: context)
            return
        }
        if NIODeadline.now() < stopAt {
            sendNext(context: context)
        } else {
            finishing = true
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        replyTimer?.cancel()
        if !finishing { tally.recordError("serve closed the connection" + (inFlight == nil ? "" : " with a request in flight")) }
        done.succeed(tally)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("connection error: \(error)", context: context)
    }

    private func sendNext(context: ChannelHandlerContext) {
        let keyIndex = Int(random.next() % UInt64(plan.keyCount))
        let request: Request
        let frame: ByteBuffer
        if Int(random.next() % 100) < plan.putPercent {
            nextValue += 1
            request = .put(nextValue)
            frame = requests.putFrame(key: keyIndex, value: nextValue)
        } else {
            request = .get
            frame = requests.getFrames[keyIndex]
        }
        inFlight = (request, .now())
        let timeout = TimeAmount.nanoseconds(plan.replyTimeout.nanoseconds)
        let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let handlerBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        replyTimer = context.eventLoop.scheduleTask(in: timeout) {
            handlerBound.value.fail("no reply within \(handlerBound.value.plan.replyTimeout)", context: contextBound.value)
        }
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// What is wrong with the reply, or nil when it is the answer the request should get.
    private func check(_ frame: ProtoFrame, answering request: Request) -> String? {
        guard frame.type == .message else { return "a reply of proto type \(frame.type.rawValue)" }
        var body = frame.body
        let message: WireMessage
        do {
            message = try WireMessage.read(from: &body)
        } catch {
            return "a reply that does not decode: \(error)"
        }
        let code = ResultCode(Int(message.resultCode))
        switch request {
        case .put:
            tally.puts += 1
            return code == .ok ? nil : "put answered \(code)"
        case .get:
            tally.gets += 1
            if code == .recordNotFound {
                tally.getsNotFound += 1
                return nil
            }
            guard code == .ok else { return "get answered \(code)" }
            // Whichever put came last, the record has its two bins, `n` an integer.
            guard let bins = try? WireReplyDecoding.bins(message), bins.count == 2,
                  bins.contains(where: { if case .int = $0.value { $0.name == "n" } else { false } })
            else { return "get returned bins other than the put's: \(message.operations.map(\.binName))" }
            return nil
        }
    }

    private func fail(_ problem: String, context: ChannelHandlerContext) {
        guard !finishing else { return }
        tally.recordError(problem)
        finishing = true
        context.close(promise: nil)
    }
}

/// A small, fast, seeded generator: each connection's choices are its own and repeatable.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
