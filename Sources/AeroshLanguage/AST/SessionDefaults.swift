import AerospikeCore

/// What applies when a statement gives no option of its own (the session's SET values).
public struct SessionDefaults: Sendable, Hashable {
    public var timeout: Duration?
    /// Each attempt's deadline (`--socket-timeout`); nil lets one attempt take the whole timeout.
    public var socketTimeout: Duration?
    public var ttl: WriteTTL
    public var sendKey: Bool

    public init(timeout: Duration? = nil, socketTimeout: Duration? = nil, ttl: WriteTTL = .namespaceDefault, sendKey: Bool = false) {
        self.timeout = timeout
        self.socketTimeout = socketTimeout
        self.ttl = ttl
        self.sendKey = sendKey
    }

    public func readPolicy(_ options: StatementOptions) -> ReadPolicy {
        ReadPolicy(command: CommandPolicy(totalTimeout: options.timeout ?? timeout, socketTimeout: socketTimeout))
    }

    public func writePolicy(_ options: StatementOptions) -> WritePolicy {
        WritePolicy(
            command: CommandPolicy(totalTimeout: options.timeout ?? timeout, socketTimeout: socketTimeout, maxRetries: 0),
            ttl: options.ttl ?? ttl,
            exists: options.exists ?? .update,
            generation: options.generation ?? .none,
            sendKey: options.sendKey ?? sendKey,
            durableDelete: options.durable ?? false
        )
    }
}
