import AerospikeCore
import AerospikeWire
import NIOCore

/// Executes AS_MSG requests against the client core and builds the replies.
struct CommandProcessor: Sendable {
    let client: any AerospikeClient
    let clock: any WallClock
    /// Told the partition of every key a request names, to count the ones this node
    /// does not own (a client that routes well sends none).
    let sawPartition: @Sendable (Int) -> Void

    /// Answers one request body through `send`: one frame for a single-record command, a
    /// stream of frames ending with LAST for a batch (sent as they fill, so a large batch
    /// is never held whole).
    func process(_ body: ByteBuffer, send: (ByteBuffer) async throws -> Void) async throws {
        var body = body
        let message: WireMessage
        do {
            message = try WireMessage.read(from: &body)
        } catch {
            try await send(WireReply.header(error.code, now: now()).frame())
            return
        }
        if message.readFlags.contains(.batch) {
            try await processBatch(message, send: send)
            return
        }
        let reply: WireMessage
        do {
            let request = try WireRequest(message)
            sawPartition(request.key.digest.partitionID)
            reply = await execute(request, operations: message.operations, batchIndex: 0)
        } catch {
            reply = WireReply.header(error.code, now: now())
        }
        try await send(reply.frame())
    }

    /// Runs one request; failures become header-only replies with their result code.
    func execute(_ request: WireRequest, operations: [WireOperation], batchIndex: UInt32) async -> WireMessage {
        do {
            switch request {
            case .read(let key, let bins, let policy):
                let record = try await client.get(key, bins: bins, policy: policy)
                return WireReply.record(record.metadata, bins: record.bins, now: now(), batchIndex: batchIndex)
            case .readHeader(let key, let policy):
                guard let metadata = try await client.exists(key, policy: policy) else {
                    return WireReply.header(.recordNotFound, now: now(), batchIndex: batchIndex)
                }
                return WireReply.header(.ok, metadata: metadata, now: now(), batchIndex: batchIndex)
            case .operate(let key, let decoded, let policy, let respondAllOps):
                let result = try await client.operate(key, operations: decoded, policy: policy)
                return WireReply.operate(result, requested: operations, respondAllOps: respondAllOps, now: now(), batchIndex: batchIndex)
            case .remove(let key, let policy):
                try await client.remove(key, policy: policy)
                return WireReply.header(.ok, now: now(), batchIndex: batchIndex)
            }
        } catch {
            return WireReply.header(error.code, metadata: error.metadata, now: now(), batchIndex: batchIndex)
        }
    }

    /// Frames of about this size carry a batch reply: big enough to amortise writes, small
    /// enough that a 100,000-key batch does not sit whole in memory.
    static let batchFrameBytes = 128 * 1024

    private func processBatch(_ message: WireMessage, send: (ByteBuffer) async throws -> Void) async throws {
        guard let field = message.field(.batchIndex) ?? message.field(.batchIndexWithSet) else {
            try await send(WireReply.last(.parameterError).frame())
            return
        }
        let batch: BatchIndexRequest
        do {
            batch = try BatchIndexRequest.decode(field.data)
        } catch {
            try await send(WireReply.last(error.code).frame())
            return
        }
        var body = ByteBuffer()
        for entry in batch.entries {
            let reply: WireMessage
            do {
                let request = try WireRequest(entry, timeoutMilliseconds: message.transactionTTL)
                sawPartition(request.key.digest.partitionID)
                reply = await execute(request, operations: entry.operations, batchIndex: entry.index)
            } catch {
                reply = WireReply.header(error.code, now: now(), batchIndex: entry.index)
            }
            reply.write(to: &body)
            if body.readableBytes >= CommandProcessor.batchFrameBytes {
                try await send(CommandProcessor.frame(body))
                body = ByteBuffer()
            }
        }
        WireReply.last().write(to: &body)
        try await send(CommandProcessor.frame(body))
    }

    static func frame(_ body: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        ProtoFrame(type: .message, body: body).write(to: &out)
        return out
    }

    /// Now in Citrusleaf seconds, for the void times replies carry.
    func now() -> UInt32 {
        CitrusleafTime.now(clock)
    }
}
