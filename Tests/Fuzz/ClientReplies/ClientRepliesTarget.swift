import AerospikeCore
import AerospikeWire
import FuzzReplay
import NIOCore

/// What the wire client does with whatever a server (or anything listening on its port)
/// answers: the stream cut into frames (`ProtoFrameDecoder`), an AS_MSG frame read as the
/// messages standing back to back in it (`ResponseHandler`), each message decoded as a
/// single reply, an operate reply, a batch entry (`WireClient.outcome`) and a scan record;
/// info and admin (login) replies. The input is also taken as a bare body of each kind.
func fuzzClientReplies(_ bytes: [UInt8]) {
    let input = ByteBuffer(bytes: bytes)
    for frame in FuzzFrames.frames(in: input) {
        switch frame.type {
        case .info: _ = InfoMessage.parseResponse(frame.body)
        case .admin: _ = try? AdminMessage.decode(frame.body)
        case .message: replyMessages(frame.body)
        default: break
        }
    }
    replyMessages(input)
    _ = InfoMessage.parseResponse(input)
    _ = try? AdminMessage.decode(input)
}

private let key = Key(namespace: "test", set: "demo", userKey: .string("k"))
private let now: UInt32 = 500_000_000

/// What a client may have asked, for the replies' decoding (an operate reply is read
/// against its request's operations).
private let requests: [(operations: [Operation], respondAllOps: Bool)] = [
    ([.readAll], false),
    ([.read("a"), .read("b")], false),
    ([.write(Bin("a", .int(1))), .read("a")], false),
    ([.add(Bin("n", .int(1))), .read("n"), .readAll], true),
    ([.delete, .read("a")], true),
    ([.touch, .readAll, .read("x")], true),
]

private func replyMessages(_ body: ByteBuffer) {
    var body = body
    var messages = 0
    while body.readableBytes > 0, messages < 64 {
        guard let message = try? WireMessage.read(from: &body) else { return }
        messages += 1
        _ = message.infoFlags.contains(.last)
        _ = try? WireReplyDecoding.check(message, key: key, now: now)
        _ = WireReplyDecoding.metadata(message, now: now)
        _ = try? WireReplyDecoding.bins(message)
        for request in requests {
            _ = try? WireReplyDecoding.operateResult(message, key: key, requested: request.operations, respondAllOps: request.respondAllOps, now: now)
        }
        _ = try? ScanMessage.decodeRecord(message, now: now)
    }
}
