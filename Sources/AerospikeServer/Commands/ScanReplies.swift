import AerospikeCore
import AerospikeWire
import NIOCore

/// The replies to a scan or query, a frame at a time: each `nextFrame` reads records from
/// the store until about `CommandProcessor.batchFrameBytes` are ready (or a stretch of
/// partitions has been walked), then remembers where it stopped — the partitions done,
/// and the last digest of the one in progress — so the next frame resumes there. Nothing
/// is held between frames but that position; no store read spans two frames.
///
/// Partitions this node does not master are reported unavailable (`partitionDone` with
/// PARTITION_UNAVAILABLE), as a real node does, and the client asks their master.
struct ScanReplies: ReplyStream {
    /// Partitions walked in one frame at most, so a sparse scan still yields the event loop.
    static let partitionsPerFrame = 256

    let processor: CommandProcessor
    let request: ScanRequest
    /// Owned partitions still to read, in order, each from its start or after a digest.
    private var cursors: [PartitionCursor]
    private var unavailable: [Int]
    private var remaining: Int?
    /// The stream's end, once known: sent in a frame of its own.
    private var end: ByteBuffer?
    private(set) var isFinished = false

    init(processor: CommandProcessor, request: ScanRequest) {
        self.processor = processor
        self.request = request
        let all = request.cursors
        cursors = all.filter { processor.owns($0.id) }
        unavailable = all.filter { !processor.owns($0.id) }.map(\.id)
        remaining = request.maxRecords
    }

    mutating func nextFrame() -> ByteBuffer? {
        guard !isFinished else { return nil }
        if let end {
            isFinished = true
            return end
        }
        // A frame is never empty: a client takes a frame of size 0 for the end of the
        // stream (aerospike-py does), so stretches of partitions without records are
        // walked until there is something to send.
        var body = ByteBuffer()
        while body.readableBytes == 0 {
            if let last = readSlice(into: &body) { return last }
        }
        return ScanReplies.frame(body)
    }

    /// Reads one stretch of partitions into `body`; returns the frame to send when the
    /// stream has ended (the records read, or its LAST frame).
    private mutating func readSlice(into body: inout ByteBuffer) -> ByteBuffer? {
        let now = processor.now()
        var slice = request
        slice.partitions = cursors
        slice.maxRecords = remaining
        var stoppedAt: (partition: Int, digest: Digest)?
        var partitionsDone = 0
        var sent = 0
        var failure: ResultCode?
        do {
            try processor.client.scan(slice, isCancelled: { false }) { event in
                switch event {
                case .record(let record):
                    ScanMessage.record(record, now: now).write(to: &body)
                    sent += 1
                    if body.readableBytes >= CommandProcessor.batchFrameBytes {
                        stoppedAt = (record.key.digest.partitionID, record.key.digest)
                        return false
                    }
                    return true
                case .partitionsDone(let count):
                    partitionsDone = count
                    return count < ScanReplies.partitionsPerFrame
                }
            }
        } catch {
            failure = error.code
        }
        if let remaining { self.remaining = remaining - sent }
        if let stop = stoppedAt, let position = cursors.firstIndex(where: { $0.id == stop.partition }) {
            cursors.removeFirst(position)
            cursors[0].after = stop.digest
        } else if stoppedAt == nil, partitionsDone > 0, partitionsDone < cursors.count, failure == nil {
            cursors.removeFirst(partitionsDone)
        } else {
            cursors = []
        }
        let limitReached = self.remaining.map { $0 <= 0 } ?? false
        if cursors.isEmpty || limitReached || failure != nil {
            if failure == nil && !limitReached {
                for partition in unavailable { ScanMessage.partitionUnavailable(partition).write(to: &body) }
            }
            // LAST goes in a frame of its own, as a real server sends it: aerospike-py
            // drops the records that share a frame with it.
            var last = ByteBuffer()
            WireReply.last(failure ?? .ok).write(to: &last)
            let endFrame = ScanReplies.frame(last)
            guard body.readableBytes > 0 else {
                isFinished = true
                return endFrame
            }
            end = endFrame
            return ScanReplies.frame(body)
        }
        return nil
    }

    private static func frame(_ body: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        ProtoFrame(type: .message, body: body).write(to: &out)
        return out
    }
}
