import AerospikeCore
import AerospikeWire
import NIOCore

/// One server of the cluster: its name (the `node` info value), address and connections.
final class Node: Sendable {
    let name: String
    let address: HostAddress
    let pool: ConnectionPool

    init(name: String, address: HostAddress, pool: ConnectionPool) {
        self.name = name
        self.address = address
        self.pool = pool
    }

    /// Runs info commands; the answers by command name.
    func info(_ commands: [String], deadline: ContinuousClock.Instant) async throws(AerospikeError) -> [String: String] {
        try await Node.info(commands, on: pool, deadline: deadline)
    }

    static func info(_ commands: [String], on pool: ConnectionPool, deadline: ContinuousClock.Instant) async throws(AerospikeError) -> [String: String] {
        var frame = ByteBuffer()
        ProtoFrame(type: .info, body: InfoMessage.encodeRequest(commands)).write(to: &frame)
        let reply = try await pool.withConnection { connection throws(AerospikeError) in
            try await connection.request(frame, isStream: false, deadline: deadline)
        }
        guard case .info(let body) = reply else {
            throw AerospikeError(.clientError, message: "\(pool.address) answered an info request with another kind of message")
        }
        var answers: [String: String] = [:]
        for (command, value) in InfoMessage.parseResponse(body) { answers[command] = value }
        return answers
    }
}
