import AerospikeWire

/// What one client connection is doing, and what each frame that arrives leads to. A value
/// with no I/O: `ServerConnectionHandler` feeds it events and carries out the actions it
/// returns, and tests drive it as plain data.
struct ConnectionStateMachine: Sendable, Hashable {
    enum State: Sendable, Hashable {
        /// Security is on and the connection has not logged in: only security commands are served.
        case unauthenticated
        /// Every frame is answered as it comes.
        case ready
        /// A reply is still going out (a batch, a frame at a time while the socket takes
        /// them, or a reply held back on purpose): frames that arrive wait their turn,
        /// so a client that pipelines gets its answers in order.
        case streaming(authenticated: Bool)
        /// Closed, or closing: nothing more is answered.
        case closing
    }

    enum FrameAction: Sendable, Hashable {
        /// Answer the info commands.
        case info
        /// Run the AS_MSG command.
        case command
        /// Answer the security command (login, authenticate…).
        case security
        /// Answer NOT_AUTHENTICATED: the connection must log in first.
        case refuseNotAuthenticated
        /// Answer UNSUPPORTED_FEATURE (compressed messages are an Enterprise feature; any
        /// other type is unknown).
        case refuseUnsupported
        /// Keep the frame until the reply in progress is out.
        case queue
        /// Drop it: the connection is closing.
        case ignore
    }

    private(set) var state: State

    init(securityEnabled: Bool) {
        state = securityEnabled ? .unauthenticated : .ready
    }

    mutating func frameArrived(_ type: ProtoType) -> FrameAction {
        switch state {
        case .closing:
            return .ignore
        case .streaming:
            return .queue
        case .unauthenticated:
            return type == .admin ? .security : .refuseNotAuthenticated
        case .ready:
            switch type {
            case .info: return .info
            case .message: return .command
            case .admin: return .security
            // Compressed messages and types no server knows.
            default: return .refuseUnsupported
            }
        }
    }

    /// A security command logged the connection in.
    mutating func loggedIn() {
        if case .unauthenticated = state { state = .ready }
    }

    /// A reply that goes out over several turns has begun.
    mutating func replyStarted() {
        switch state {
        case .ready: state = .streaming(authenticated: true)
        case .unauthenticated: state = .streaming(authenticated: false)
        case .streaming, .closing: break
        }
    }

    /// The reply in progress is out: queued frames may be answered now.
    mutating func replyFinished() {
        if case .streaming(let authenticated) = state { state = authenticated ? .ready : .unauthenticated }
    }

    mutating func closed() {
        state = .closing
    }
}
