import AerospikeCore
import AerospikeWire
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// How a connection's failures are told to users: short, familiar wording for socket
/// errors ("connection refused"), and for a peer that answers with something other than
/// the reply asked for, what it sent, naming it.
enum ConnectionFailure {
    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        if text.contains("connectTimeout") || text.contains("timed out") { return "connection timed out" }
        if text.contains("unreachable") { return "network unreachable" }
        if let error = error as? IOError { return error.description }
        return text
    }

    /// The error a request ends with when its reply did not come as it should.
    ///
    /// A peer that breaks the protocol (bytes that are not a frame, a frame of the wrong
    /// kind, a message that does not parse) is a client error, as the official clients
    /// report it: not retried, since another attempt would meet the same peer, and not a
    /// result code of the server's (PARAMETER_ERROR would blame the request). A connection
    /// that ends or is reset is a connection error, which reads may retry.
    static func reply(_ error: any Error, from address: HostAddress) -> AerospikeError {
        switch error {
        case is ReplyTimedOut:
            return AerospikeError(.timeout, message: "no reply from \(address) in time")
        case is ConnectionClosed:
            return AerospikeError(.connectionError, message: "\(address) closed the connection")
        case let violation as ProtocolViolation:
            return AerospikeError(.clientError, message: "\(address) \(violation.reason)")
        case ProtoFramingError.unsupportedVersion(let version):
            return AerospikeError(.clientError, message: "\(address) sent a reply that is not an Aerospike frame (it begins with byte \(version), not protocol version \(ProtoFrame.version))")
        case ProtoFramingError.frameTooLarge(let size):
            return AerospikeError(.clientError, message: "\(address) announced a reply of \(size) bytes, more than the 128 MiB a frame may have")
        case let error as AerospikeError:
            return error
        case let error as IOError where error.errnoCode == ECONNRESET:
            return AerospikeError(.connectionError, message: "\(address) reset the connection", underlying: "\(error)")
        default:
            return AerospikeError(.connectionError, message: "connection to \(address) failed: \(describe(error))", underlying: "\(error)")
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// The peer closed the connection while a reply was due.
struct ConnectionClosed: Error {}

/// The peer sent what cannot be the reply to the request: `reason` says what, worded to
/// follow its address ("127.0.0.1:3000 sent a frame of type 9").
struct ProtocolViolation: Error {
    let reason: String
}
