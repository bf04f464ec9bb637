import AerospikeCore
import NIOCore

/// A connection to one node that a `ConnectionPool` hands to one command at a time: an
/// event-loop channel (`NodeConnection`), or a socket read and written by the calling
/// thread itself (`BlockingConnection`, for calls made one at a time).
protocol PooledConnection: AnyObject, Sendable {
    var address: HostAddress { get }
    /// False once the connection was closed, by either side as far as it knows.
    var isActive: Bool { get }
    func close()
    /// Sends one request frame and waits until `deadline` for its whole reply (one frame:
    /// info, login, a single-record command). On a timeout or a broken reply the connection
    /// is closed, since a late reply would be read as the next request's.
    func exchange(_ frame: ByteBuffer, deadline: ContinuousClock.Instant) async throws(AerospikeError) -> ServerReply
}

extension NodeConnection: PooledConnection {
    func exchange(_ frame: ByteBuffer, deadline: ContinuousClock.Instant) async throws(AerospikeError) -> ServerReply {
        try await request(frame, isStream: false, deadline: deadline)
    }
}

/// Why a pool no longer gives out connections, which is what a command that still asks it
/// is told.
enum PoolClosedBecause: Sendable {
    /// The client was closed: nothing more will run.
    case clientClosed
    /// The tend dropped the node: a command that picked it a moment earlier fails as a
    /// connection error, which routes afresh on the next attempt (a scan's next round, a
    /// retried read), not as a closed client.
    case nodeLeft
}
