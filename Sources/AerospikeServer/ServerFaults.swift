import AerospikeCore

/// Faults a server can be told to have — a node that answers late, or refuses as a node in
/// the middle of a cluster change does — so clients' timeouts and retries can be tested
/// against the real server path. None unless a test asks.
public struct ServerFaults: Sendable {
    /// What a request asks for, as far as faults tell commands apart.
    public enum Command: Sendable, Hashable {
        /// A get or select.
        case read
        /// An exists (a read of the header only).
        case exists
        /// Any write: put, operate, remove, touch…
        case write
        /// A batch, whole.
        case batch
        /// A scan or query, whole.
        case scan
    }

    public enum Fault: Sendable, Hashable {
        /// Answer this much later (the connection's later requests wait behind it, as
        /// pipelined requests do).
        case delay(Duration)
        /// Answer with this result code instead.
        case refuse(ResultCode)
        /// Send this many frames of a batch or scan reply, then drop the connection, as a
        /// node that dies in the middle of a long reply.
        case dropAfterFrames(Int)
        /// Send these bytes instead of the reply (a frame of another kind, garbage), as a
        /// peer that breaks the protocol: what a client makes of it is the test.
        case answer([UInt8])
    }

    let decide: @Sendable (Command) -> Fault?

    /// `decide` is asked once per request.
    public init(_ decide: @escaping @Sendable (Command) -> Fault?) {
        self.decide = decide
    }

    public static let none = ServerFaults { _ in nil }
}
