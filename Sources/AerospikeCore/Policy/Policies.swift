/// Options every command has.
public struct CommandPolicy: Sendable, Hashable {
    /// The whole command's deadline, retries included; nil means the client's default.
    public var totalTimeout: Duration?
    /// One attempt's deadline: a server silent this long is given up on, and the command
    /// retried (reads) while the total timeout allows. nil: an attempt may take the whole
    /// total timeout.
    public var socketTimeout: Duration?
    public var maxRetries: Int

    public init(totalTimeout: Duration? = nil, socketTimeout: Duration? = nil, maxRetries: Int = 2) {
        self.totalTimeout = totalTimeout
        self.socketTimeout = socketTimeout
        self.maxRetries = maxRetries
    }
}

public struct ReadPolicy: Sendable, Hashable {
    public var command: CommandPolicy
    /// Only records for which this is true are read (others: `filteredOut`, or skipped by
    /// a scan).
    public var filter: Expression?

    public init(command: CommandPolicy = CommandPolicy(), filter: Expression? = nil) {
        self.command = command
        self.filter = filter
    }
}

public struct WritePolicy: Sendable, Hashable {
    /// No retries by default, as with the official clients: a write whose reply was lost
    /// may have been applied, and applying it again is not always harmless.
    public var command: CommandPolicy
    public var ttl: WriteTTL
    public var exists: ExistsAction
    public var generation: GenerationPolicy
    /// Store the user key with the record, so reads and scans can return it.
    public var sendKey: Bool
    /// Leave a tombstone on delete (Enterprise servers).
    public var durableDelete: Bool
    /// Only an existing record for which this is true is written or removed (otherwise
    /// `filteredOut`).
    public var filter: Expression?

    public init(
        command: CommandPolicy = CommandPolicy(maxRetries: 0),
        ttl: WriteTTL = .namespaceDefault,
        exists: ExistsAction = .update,
        generation: GenerationPolicy = .none,
        sendKey: Bool = false,
        durableDelete: Bool = false,
        filter: Expression? = nil
    ) {
        self.command = command
        self.ttl = ttl
        self.exists = exists
        self.generation = generation
        self.sendKey = sendKey
        self.durableDelete = durableDelete
        self.filter = filter
    }
}
