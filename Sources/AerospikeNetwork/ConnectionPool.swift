import AerospikeCore
import NIOCore
import Synchronization

/// The connections of one kind to one node: idle ones are reused, new ones opened up to a
/// bound, as the official clients do (beyond it a command fails with NO_MORE_CONNECTIONS).
final class ConnectionPool<Connection: PooledConnection>: Sendable {
    typealias Opener = @Sendable (HostAddress, Duration) async throws(AerospikeError) -> Connection

    let address: HostAddress
    private let open: Opener
    private let maxConnections: Int
    private let connectTimeout: Duration
    private let login: ConnectionLogin?
    private let state = Mutex<State>(State())

    private struct State {
        var idle: [Connection] = []
        /// Connections checked out, so closing the pool can close them too.
        var busy: [ObjectIdentifier: Connection] = [:]
        var open = 0
        /// Why the pool was closed; nil while it is open.
        var closed: PoolClosedBecause?
    }

    /// `open` makes a connection within the timeout it is given; the pool logs it in.
    init(address: HostAddress, maxConnections: Int, connectTimeout: Duration, login: ConnectionLogin? = nil, open: @escaping Opener) {
        self.address = address
        self.open = open
        self.login = login
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
    }

    /// How many connections are open, idle or in use.
    var openConnections: Int { state.withLock { $0.open } }

    /// Runs `body` with a connection of its own; a connection that failed is not reused.
    func withConnection<T: Sendable>(_ body: (Connection) async throws(AerospikeError) -> T) async throws(AerospikeError) -> T {
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

    /// What a check-out does, decided under the lock.
    private enum Choice { case reuse(Connection), open, exhausted, closed(PoolClosedBecause) }

    private func checkOut() async throws(AerospikeError) -> Connection {
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
                let connection = try await open(address, connectTimeout)
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

    private func checkIn(_ connection: Connection) {
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

    private func discard(_ connection: Connection) {
        state.withLock { state in
            state.busy[ObjectIdentifier(connection)] = nil
            state.open -= 1
        }
        connection.close()
    }

    /// Closes every connection, idle or in use; requests in flight fail at once. The first
    /// reason stays: a tend that drops a node of a client being closed must not turn "the
    /// client is closed" into a retriable "left the cluster".
    func close(because reason: PoolClosedBecause = .clientClosed) {
        let all = state.withLock { state in
            state.closed = state.closed ?? reason
            defer { state.idle.removeAll() }
            return state.idle + state.busy.values
        }
        all.forEach { $0.close() }
    }
}

/// The event-loop connections of a node: every kind of request, streams included.
typealias ChannelPool = ConnectionPool<NodeConnection>

extension ConnectionPool where Connection == NodeConnection {
    /// Connections on the client's event loop, which the first of them starts.
    convenience init(
        address: HostAddress, events: ClientEventLoop, maxConnections: Int, connectTimeout: Duration, login: ConnectionLogin? = nil,
        tls: TLSClientContext? = nil
    ) {
        self.init(address: address, maxConnections: maxConnections, connectTimeout: connectTimeout, login: login) { address, timeout throws(AerospikeError) in
            try await NodeConnection.connect(to: address, group: events.group, timeout: timeout, tls: tls)
        }
    }
}
