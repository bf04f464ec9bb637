import AerospikeCore
import AerospikeWire
import NIOCore

/// What a reply frame says, read the same way whichever connection it came on (an event
/// loop's channel, or a socket the calling thread reads itself).
enum ReplyFrames {
    /// The AS_MSGs of a message frame, and whether one of them is marked LAST (a stream's end).
    static func messages(in frame: ProtoFrame) throws(ProtocolViolation) -> (messages: [WireMessage], last: Bool) {
        var body = frame.body
        var last = false
        var messages: [WireMessage] = []
        do throws(AerospikeError) {
            while body.readableBytes > 0 {
                let message = try WireMessage.read(from: &body)
                last = last || message.infoFlags.contains(.last)
                messages.append(message)
            }
        } catch {
            throw ProtocolViolation(reason: "sent a malformed reply: \(error.message ?? error.code.name)")
        }
        return (messages, last)
    }

    /// The whole reply to a request answered by one frame (info, login, a single-record
    /// command), which must be of the request's own kind.
    static func singleReply(_ frame: ProtoFrame, toRequestOf type: ProtoType) throws(ProtocolViolation) -> ServerReply {
        guard frame.type == type else { throw wrongKind(frame.type, due: type) }
        switch frame.type {
        case .info: return .info(frame.body)
        case .admin: return .admin(frame.body)
        case .message: return .messages(try messages(in: frame).messages)
        default: throw wrongKind(frame.type, due: type)
        }
    }

    /// A frame of another kind than the request's: an info frame answering an AS_MSG.
    static func wrongKind(_ type: ProtoType, due: ProtoType) -> ProtocolViolation {
        ProtocolViolation(reason: "answered with \(kind(type)) where \(kind(due)) was due")
    }

    /// "an info frame", "a frame of type 9".
    static func kind(_ type: ProtoType) -> String {
        switch type {
        case .info: "an info frame"
        case .admin: "a security frame"
        case .message: "a message frame"
        case .compressedMessage: "a compressed message frame"
        default: "a frame of type \(type.rawValue)"
        }
    }
}
