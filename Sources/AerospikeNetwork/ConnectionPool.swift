import AerospikeCore
import NIOCore
import Synchronization

/// The connections to one node: idle ones are reused, new ones opened up to a bound, as the
/// official clients do (beyond it a command fails with NO_MORE_CONNECTIONS).
final class ConnectionPool: Sendable {
    let address: HostAddress
    private let group: any EventLoopGroup
    private let maxConnections: Int
    private let connectTimeout: Duration
    private let login: ConnectionLogin?
    private let tls: TLSClientContext?
    private let state = Mutex<State>(State())

    private struct State {
        var idle: [NodeConnection] = []
        /// Connections checked out, so closing the pool can close them too.
        var busy: [ObjectIdentifier: NodeConnection] = [:]
        var open = 0
        /// Why the pool was closed; nil while it is open.
        var closed: ClosedBecause?
    }

    /// Why a pool no longer gives out connections, which is what a command that still
    /// asks it is told.
    enum ClosedBecause {
        /// The client was closed: nothing more will run.
        case clientClosed
        /// The tend dropped the node: a command that picked it a moment earlier fails
        /// as a connection error, which routes afresh on the next attempt (a scan's next
        /// round, a retried read), not as a closed client.
        case nodeLeft
    }

    init(
        address: HostAddress, group: any EventLoopGroup, maxConnections: Int, connectTimeout: Duration, login: ConnectionLogin? = nil,
        tls: TLSClientContext? = nil
    ) {
        self.address = address
        self.tls = tls
        self.login = login
        self.group = group
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
    }

    /// Runs `body` with a connection of its own; a connection that failed is not reused.
    func withConnection<T: Sendable>(_ body: (NodeConnection) async throws(AerospikeError) -> T) async throws(AerospikeError) -> T {
        let connection = try await checkOut()
        do {
            let result = try await body(connection)
            checkIn(connection)
            return result
        } catch {
            discard(connection)
            throw error
        }
    }

    private func checkOut() async throws(AerospikeError) -> NodeConnection {
        enum Choice { case reuse(NodeConnection), open, exhausted, closed(ClosedBecause) }
        let choice: Choice = state.withLock { state in
            if let reason = state.closed { return .closed(reason) }
            while let connection = state.idle.popLast() {
                if connection.isActive {
                    state.busy[ObjectIdentifier(connection)] = connection
                    return .reuse(connection)
                }
                state.open -= 1
            }
            guard state.open < maxConnections else { return .exhausted }
            state.open += 1
            return .open
        }
        switch choice {
        case .reuse(let connection):
            return connection
        case .exhausted:
            throw AerospikeError(.init(-7), message: "all \(maxConnections) connections to \(address) are busy")
        case .closed(.clientClosed):
            throw AerospikeError(.clientError, message: "the client is closed")
        case .closed(.nodeLeft):
            throw AerospikeError(.connectionError, message: "\(address) left the cluster")
        case .open:
            do throws(AerospikeError) {
                let connection = try await NodeConnection.connect(to: address, group: group, timeout: connectTimeout, tls: tls)
                if let login {
                    do throws(AerospikeError) {
                        try await login.logIn(connection, deadline: .now + connectTimeout)
                    } catch {
                        connection.close()
                        throw error
                    }
                }
                let closed = state.withLock { state in
                    state.busy[ObjectIdentifier(connection)] = connection
                    return state.closed != nil
                }
                if closed { connection.close() }
                return connection
            } catch {
                state.withLock { $0.open -= 1 }
                throw error
            }
        }
    }

    private func checkIn(_ connection: NodeConnection) {
        let keep = state.withLock { state in
            state.busy[ObjectIdentifier(connection)] = nil
            guard state.closed == nil, connection.isActive else {
                state.open -= 1
                return false
            }
            state.idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }

    private func discard(_ connection: NodeConnection) {
        state.withLock { state in
            state.busy[ObjectIdentifier(connection)] = nil
            state.open -= 1
        }
        connection.close()
    }

    /// Closes every connection, idle or in use; requests in flight fail at once. The first
    /// reason stays: a tend that drops a node of a client being closed must not turn "the
    /// client is closed" into a retriable "left the cluster".
    func close(because reason: ClosedBecause = .clientClosed) {
        let all = state.withLock { state in
            state.closed = state.closed ?? reason
            defer { state.idle.removeAll() }
            return state.idle + state.busy.values
        }
        all.forEach { $0.close() }
    }
}
