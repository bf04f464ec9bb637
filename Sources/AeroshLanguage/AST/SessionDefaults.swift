import AerospikeCore

/// What applies when a statement gives no option of its own (the session's SET values).
public struct SessionDefaults: Sendable, Hashable {
    public var timeout: Duration?
    public var ttl: WriteTTL
    public var sendKey: Bool

    public init(timeout: Duration? = nil, ttl: WriteTTL = .namespaceDefault, sendKey: Bool = false) {
        self.timeout = timeout
        self.ttl = ttl
        self.sendKey = sendKey
    }

    public func readPolicy(_ options: StatementOptions) -> ReadPolicy {
        ReadPolicy(command: CommandPolicy(totalTimeout: options.timeout ?? timeout))
    }

    public func writePolicy(_ options: StatementOptions) -> WritePolicy {
        WritePolicy(
            command: CommandPolicy(totalTimeout: options.timeout ?? timeout, maxRetries: 0),
            ttl: options.ttl ?? ttl,
            exists: options.exists ?? .update,
            generation: options.generation ?? .none,
            sendKey: options.sendKey ?? sendKey,
            durableDelete: options.durable ?? false
        )
    }
}
