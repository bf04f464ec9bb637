import AerospikeCore
import AerospikeWire
import NIOCore

/// Executes AS_MSG requests against the client core and builds the replies, on the
/// caller's thread (serve's event loop): the store answers synchronously, so a request
/// never leaves the thread that read it.
struct CommandProcessor: Sendable {
    let client: any SynchronousAerospikeClient
    let clock: any WallClock
    /// Whether this node masters a partition: a scan reads only those, and reports the
    /// others unavailable so the client asks their master.
    let owns: @Sendable (Int) -> Bool
    /// Told the partition of every key a request names, to count the ones this node
    /// does not own (a client that routes well sends none).
    let sawPartition: @Sendable (Int) -> Void

    /// What a request gets: one frame, or a stream of frames for a batch or scan.
    enum Reply {
        case frame(ByteBuffer)
        case stream(any ReplyStream)
    }

    /// Now in Citrusleaf seconds, for the void times replies carry.
    func now() -> UInt32 {
        CitrusleafTime.now(clock)
    }

    /// A request body, decoded once: what faults and counters look at, and what
    /// `process` answers.
    enum Request {
        /// It does not decode: the reply is this code.
        case malformed(ResultCode)
        case batch(WireMessage)
        case scan(ScanRequest)
        case single(WireMessage, WireRequest)

        /// The kind of command, for faults; nil when it cannot be read.
        var command: ServerFaults.Command? {
            switch self {
            case .malformed: nil
            case .batch: .batch
            case .scan: .scan
            case .single(_, .read): .read
            case .single(_, .readHeader): .exists
            case .single(_, .operate), .single(_, .remove): .write
            }
        }
    }

    /// The filter-expression field of an AS_MSG, if it has one.
    static func filterField(_ body: ByteBuffer) -> [UInt8]? {
        var body = body
        guard let message = try? WireMessage.read(from: &body), let field = message.field(.filterExpression) else { return nil }
        return Array(field.data.readableBytesView)
    }

    func decode(_ body: ByteBuffer) -> Request {
        var body = body
        do {
            let message = try WireMessage.read(from: &body)
            if message.readFlags.contains(.batch) { return .batch(message) }
            if ScanMessage.isScan(message) { return .scan(try ScanMessage.decode(message)) }
            return .single(message, try WireRequest(message))
        } catch {
            return .malformed(error.code)
        }
    }

    /// The reply to one request.
    func process(_ request: Request) -> Reply {
        switch request {
        case .malformed(let code):
            return .frame(WireReply.header(code, now: now()).frame())
        case .batch(let message):
            guard let field = message.field(.batchIndex) ?? message.field(.batchIndexWithSet) else {
                return .frame(WireReply.last(.parameterError).frame())
            }
            do {
                let batch = try BatchIndexRequest.decode(field.data)
                return .stream(BatchReplies(
                    processor: self, entries: batch.entries, timeoutMilliseconds: message.transactionTTL,
                    filter: message.field(.filterExpression)))
            } catch {
                return .frame(WireReply.last(error.code).frame())
            }
        case .scan(let request):
            return .stream(ScanReplies(processor: self, request: request))
        case .single(let message, let request):
            sawPartition(request.key.digest.partitionID)
            return .frame(execute(request, operations: message.operations, batchIndex: 0).frame())
        }
    }

    /// The reply a refused request gets: its code, marked last for a batch (so a client
    /// waiting for a stream stops waiting).
    func refusal(_ code: ResultCode, stream: Bool) -> ByteBuffer {
        stream ? WireReply.last(code).frame() : WireReply.header(code, now: now()).frame()
    }

    /// Runs one request; failures become header-only replies with their result code.
    func execute(_ request: WireRequest, operations: [WireOperation], batchIndex: UInt32) -> WireMessage {
        do {
            switch request {
            case .read(let key, let bins, let policy):
                let record = try client.get(key, bins: bins, policy: policy)
                return WireReply.record(record.metadata, bins: record.bins, now: now(), batchIndex: batchIndex)
            case .readHeader(let key, let policy):
                guard let metadata = try client.exists(key, policy: policy) else {
                    return WireReply.header(.recordNotFound, now: now(), batchIndex: batchIndex)
                }
                return WireReply.header(.ok, metadata: metadata, now: now(), batchIndex: batchIndex)
            case .operate(let key, let decoded, let policy, let respondAllOps):
                let result = try client.operate(key, operations: decoded, policy: policy)
                return WireReply.operate(result, requested: operations, respondAllOps: respondAllOps, now: now(), batchIndex: batchIndex)
            case .remove(let key, let policy):
                try client.remove(key, policy: policy)
                return WireReply.header(.ok, now: now(), batchIndex: batchIndex)
            }
        } catch {
            return WireReply.header(error.code, metadata: error.metadata, now: now(), batchIndex: batchIndex)
        }
    }

    /// Frames of about this size carry a batch reply: big enough to amortise writes, small
    /// enough that a 100,000-key batch does not sit whole in memory.
    static let batchFrameBytes = 128 * 1024
}

/// A reply that goes out a frame at a time: the connection asks for the next frame only
/// while its socket takes more, and lets its event loop serve other connections between
/// frames.
protocol ReplyStream {
    /// The next frame; nil once the last is out.
    mutating func nextFrame() -> ByteBuffer?
    var isFinished: Bool { get }
}

/// The replies to a batch, a frame at a time: each `nextFrame` runs entries until about
/// `CommandProcessor.batchFrameBytes` of replies are ready; the last frame ends with LAST.
/// The connection asks for the next frame only while its socket takes more, so a large
/// batch is never held whole, in memory or in the socket's buffer.
struct BatchReplies: ReplyStream {
    let processor: CommandProcessor
    let entries: [BatchEntry]
    let timeoutMilliseconds: UInt32
    /// The batch's filter expression (the message's field): every entry without a filter
    /// of its own is filtered by it.
    let filter: WireField?
    private var position = 0
    private(set) var isFinished = false

    init(processor: CommandProcessor, entries: [BatchEntry], timeoutMilliseconds: UInt32, filter: WireField? = nil) {
        self.processor = processor
        self.entries = entries
        self.timeoutMilliseconds = timeoutMilliseconds
        self.filter = filter
    }

    mutating func nextFrame() -> ByteBuffer? {
        guard !isFinished else { return nil }
        var body = ByteBuffer()
        while position < entries.count, body.readableBytes < CommandProcessor.batchFrameBytes {
            var entry = entries[position]
            position += 1
            if let filter, !entry.fields.contains(where: { $0.type == .filterExpression }) { entry.fields.append(filter) }
            let reply: WireMessage
            do {
                let request = try WireRequest(entry, timeoutMilliseconds: timeoutMilliseconds)
                processor.sawPartition(request.key.digest.partitionID)
                reply = processor.execute(request, operations: entry.operations, batchIndex: entry.index)
            } catch {
                reply = WireReply.header(error.code, now: processor.now(), batchIndex: entry.index)
            }
            reply.write(to: &body)
        }
        if position == entries.count {
            WireReply.last().write(to: &body)
            isFinished = true
        }
        var out = ByteBuffer()
        ProtoFrame(type: .message, body: body).write(to: &out)
        return out
    }
}
