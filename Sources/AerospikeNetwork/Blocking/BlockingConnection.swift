import AerospikeCore
import AerospikeWire
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A connection to a node that the calling thread writes and reads itself: the request is
/// one `send`, its reply one `recv` (more for a reply larger than the buffer). For calls
/// made one at a time (a script at CONCURRENCY 1, a one-shot, a statement at the prompt),
/// which the C client also makes this way: going through an event loop costs such a call
/// a wake-up, a pipeline and a task switch, more than its own work (about 30,000
/// instructions of a PUT's 70,000).
///
/// It answers single-frame requests only (info, login, single-record commands); batches,
/// scans and queries go through the node's event-loop connections. Only TCP: a client
/// speaking TLS uses those for everything.
///
/// `@unchecked Sendable`: the pool hands it to one command at a time, which alone touches
/// its buffer and timeouts; other threads only `close()` it, which shuts the socket down.
final class BlockingConnection: PooledConnection, @unchecked Sendable {
    let address: HostAddress
    private let socket: BlockingSocket
    /// The reply being read; kept between requests so a connection allocates it once.
    private var buffer = ByteBuffer()
    /// What the socket's timeouts are set to, so a run of requests with the same timeout
    /// sets them once.
    private var timeout: Duration?
    /// How long a wait for a reply polls before it sleeps, as this connection's replies
    /// have come so far.
    private var wait = PollBeforeSleep()

    /// How far the socket timeout may be off the time a request has left before it is set
    /// again: a wait may end this much after the deadline, or end early and be resumed.
    static let timeoutSlack = Duration.milliseconds(2)

    private init(address: HostAddress, socket: BlockingSocket) {
        self.address = address
        self.socket = socket
    }

    /// Opens a connection within `timeout`; the error is worded as the event-loop
    /// connection's ("cannot connect to 127.0.0.1:3000: connection refused").
    static func connect(to address: HostAddress, timeout: Duration) throws(AerospikeError) -> BlockingConnection {
        do {
            return BlockingConnection(address: address, socket: try BlockingSocket.connect(host: address.host, port: address.port, timeout: timeout))
        } catch is SocketTimedOut {
            throw AerospikeError(.connectionError, message: "cannot connect to \(address): connection timed out")
        } catch let error as HostNotResolved {
            throw AerospikeError(.connectionError, message: "cannot connect to \(address): \(error)")
        } catch {
            throw AerospikeError(.connectionError, message: "cannot connect to \(address): \(ConnectionFailure.describe(error))", underlying: "\(error)")
        }
    }

    var isActive: Bool { !socket.isShut }

    func close() {
        socket.shutDown()
    }

    func exchange(_ frame: ByteBuffer, deadline: ContinuousClock.Instant) async throws(AerospikeError) -> ServerReply {
        try NodeConnection.checkSize(of: frame)
        do {
            // Cancelling the task (Ctrl-C) shuts the socket down, which ends the wait at once.
            return try await withTaskCancellationHandler {
                try exchangeNow(frame, deadline: deadline)
            } onCancel: { [socket] in
                socket.shutDown()
            }
        } catch {
            // A late reply would be read as the next request's.
            close()
            if Task.isCancelled {
                throw AerospikeError(.clientAbort, message: "cancelled")
            }
            throw ConnectionFailure.reply(error, from: address)
        }
    }

    private func exchangeNow(_ frame: ByteBuffer, deadline: ContinuousClock.Instant) throws -> ServerReply {
        let type = ProtoType(rawValue: frame.getInteger(at: frame.readerIndex + 1, as: UInt8.self) ?? 0)
        try boundWaits(by: deadline)
        let sent = try frame.withUnsafeReadableBytes { try socket.send($0) }
        guard sent else { throw ReplyTimedOut() }
        buffer.clear()
        let decoder = ProtoFrameDecoder()
        while true {
            if let reply = try decoder.decodeFrame(&buffer) {
                // Bytes after the reply answer nothing this connection asked: it is not
                // used again.
                if buffer.readableBytes > 0 { close() }
                return try ReplyFrames.singleReply(reply, toRequestOf: type)
            }
            try receive(deadline: deadline)
        }
    }

    /// Reads what has come (at least a byte), waiting no later than the deadline.
    private func receive(deadline: ContinuousClock.Instant) throws {
        // The header says how much the frame needs; read at least that much room.
        var wanted = 16 * 1024
        if let word = buffer.getInteger(at: buffer.readerIndex, as: UInt64.self) {
            wanted = max(wanted, Int(word & 0xFFFF_FFFF_FFFF) + ProtoFrame.headerSize - buffer.readableBytes)
        }
        while true {
            var received = BlockingSocket.Received.timedOut
            try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { room in
                received = try socket.receive(into: room, wait: &wait)
                if case .bytes(let count) = received { return count }
                return 0
            }
            switch received {
            case .bytes: return
            case .end: throw ConnectionClosed()
            case .timedOut:
                // The socket's timeout may end a little before the deadline: wait out the rest.
                guard ContinuousClock.now < deadline else { throw ReplyTimedOut() }
                try boundWaits(by: deadline)
            }
        }
    }

    /// Sets the socket's timeouts to the time left before `deadline`, unless they are
    /// within `timeoutSlack` of it already.
    private func boundWaits(by deadline: ContinuousClock.Instant) throws {
        let left = deadline - .now
        guard left > .zero else { throw ReplyTimedOut() }
        if let timeout, timeout <= left + Self.timeoutSlack, timeout >= left - Self.timeoutSlack { return }
        try socket.setTimeouts(left)
        timeout = left
    }
}
