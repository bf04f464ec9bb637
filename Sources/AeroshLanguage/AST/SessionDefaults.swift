import AerospikeCore

/// What applies when a statement gives no option of its own (the session's SET values).
public struct SessionDefaults: Sendable, Hashable {
    public var timeout: Duration?
    /// Each attempt's deadline (`--socket-timeout`); nil lets one attempt take the whole timeout.
    public var socketTimeout: Duration?
    public var ttl: WriteTTL
    public var sendKey: Bool
    /// At most this many records from a scan or query (`SET LIMIT`, `--max-records`); a
    /// statement's own LIMIT wins when smaller. nil: no cap.
    public var maxRecords: Int?

    public init(
        timeout: Duration? = nil, socketTimeout: Duration? = nil, ttl: WriteTTL = .namespaceDefault, sendKey: Bool = false, maxRecords: Int? = nil
    ) {
        self.timeout = timeout
        self.socketTimeout = socketTimeout
        self.ttl = ttl
        self.sendKey = sendKey
        self.maxRecords = maxRecords
    }

    public func readPolicy(_ options: StatementOptions) -> ReadPolicy {
        ReadPolicy(command: CommandPolicy(totalTimeout: options.timeout ?? timeout, socketTimeout: socketTimeout), filter: options.filter)
    }

    /// A scan's or query's policy: only the statement's own TIMEOUT bounds it (a long scan
    /// must not be cut short by the session's per-command timeout, as the official
    /// clients' scan policies have no total timeout by default); the session's socket
    /// timeout bounds each node's silence.
    public func scanPolicy(_ options: StatementOptions) -> ReadPolicy {
        ReadPolicy(command: CommandPolicy(totalTimeout: options.timeout, socketTimeout: socketTimeout))
    }

    /// The records a scan may bring: the smaller of the statement's LIMIT and the session's.
    public func maxRecords(limit: Int?) -> Int? {
        switch (limit, maxRecords) {
        case (let statement?, let session?): min(statement, session)
        case (let statement?, nil): statement
        case (nil, let session): session
        }
    }

    public func writePolicy(_ options: StatementOptions) -> WritePolicy {
        WritePolicy(
            command: CommandPolicy(totalTimeout: options.timeout ?? timeout, socketTimeout: socketTimeout, maxRetries: 0),
            ttl: options.ttl ?? ttl,
            exists: options.exists ?? .update,
            generation: options.generation ?? .none,
            sendKey: options.sendKey ?? sendKey,
            durableDelete: options.durable ?? false,
            filter: options.filter
        )
    }
}
