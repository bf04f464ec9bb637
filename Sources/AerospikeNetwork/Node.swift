import AerospikeCore
import AerospikeWire
import NIOCore

/// One server of the cluster: its name (the `node` info value), address and connections.
final class Node: Sendable {
    let name: String
    let address: HostAddress
    /// Event-loop connections: every kind of request.
    let pool: ChannelPool
    /// Connections the calling thread reads and writes itself, for single-record commands
    /// made one at a time (`WireClient.runSequentially`); nil when the client speaks TLS or
    /// its policy does not block callers.
    let blockingPool: ConnectionPool<BlockingConnection>?

    init(name: String, address: HostAddress, pool: ChannelPool, blockingPool: ConnectionPool<BlockingConnection>?) {
        self.name = name
        self.address = address
        self.pool = pool
        self.blockingPool = blockingPool
    }

    /// Closes both kinds of connection; requests in flight fail at once.
    func close(because reason: PoolClosedBecause = .clientClosed) {
        pool.close(because: reason)
        blockingPool?.close(because: reason)
    }

    /// Runs info commands; the answers by command name.
    func info(_ commands: [String], deadline: ContinuousClock.Instant) async throws(AerospikeError) -> [String: String] {
        try await Node.info(commands, on: pool, deadline: deadline)
    }

    static func info(_ commands: [String], on pool: ConnectionPool<some PooledConnection>, deadline: ContinuousClock.Instant) async throws(AerospikeError) -> [String: String] {
        var frame = ByteBuffer()
        ProtoFrame(type: .info, body: InfoMessage.encodeRequest(commands)).write(to: &frame)
        let reply = try await pool.withConnection { connection throws(AerospikeError) in
            try await connection.exchange(frame, deadline: deadline)
        }
        guard case .info(let body) = reply else {
            throw AerospikeError(.clientError, message: "\(pool.address) answered an info request with another kind of message")
        }
        var answers: [String: String] = [:]
        for (command, value) in InfoMessage.parseResponse(body) { answers[command] = value }
        return answers
    }
}
