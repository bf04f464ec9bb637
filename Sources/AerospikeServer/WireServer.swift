import AerospikeCore
import AerospikeWire
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// `aerosh serve`: the client core behind the Aerospike wire protocol, so real clients can
/// use the embedded store. One node that owns all 4096 partitions of every namespace.
///
/// Each connection is served by one task reading frames in order, so pipelined requests
/// are answered in order; connections run concurrently.
public final class WireServer: Sendable {
    private let configuration: ServerConfiguration
    private let client: any AerospikeClient
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel: NIOAsyncChannel<NIOAsyncChannel<ProtoFrame, ByteBuffer>, Never>
    private let topology: ClusterTopology
    private let security: ServerSecurity
    private let connections = Atomic<Int>(0)
    private let requests = Atomic<Int>(0)
    private let batches = Atomic<Int>(0)
    private let misrouted = Atomic<Int>(0)
    private let started = ContinuousClock.now

    /// The port the server listens on.
    public let port: Int

    /// The node id `node` answers.
    public var nodeID: String { configuration.nodeID }

    /// Requests naming a key whose partition this node does not master.
    public var misroutedRequests: Int { misrouted.load(ordering: .relaxed) }

    /// Batch requests received.
    public var batchRequests: Int { batches.load(ordering: .relaxed) }

    /// Binds the listening socket; `run()` then serves until `shutdown()`.
    public init(
        configuration: ServerConfiguration, client: any AerospikeClient, logger: Logger,
        topology: ClusterTopology = .single, security: ServerSecurity = .disabled, threads: Int = 2
    ) async throws {
        self.configuration = configuration
        self.security = security
        self.topology = topology
        self.client = client
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let idleTimeout = TimeAmount.nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000)
        do {
            serverChannel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                        try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ProtoFrameDecoder()))
                        return try NIOAsyncChannel<ProtoFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        port = serverChannel.channel.localAddress?.port ?? configuration.port
    }

    /// Serves connections until `shutdown()`; then closes them and returns.
    public func run() async throws {
        let info = InfoResponder(configuration: configuration, port: port, topology: topology, statistics: { [self] in statistics() })
        let processor = CommandProcessor(client: client, clock: configuration.clock) { [self] partition in
            if !topology.owns(partition: partition, node: configuration.nodeIndex) {
                misrouted.add(1, ordering: .relaxed)
            }
        }
        try await withThrowingDiscardingTaskGroup { group in
            try await serverChannel.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask {
                        await self.serve(connection, info: info, processor: processor)
                    }
                }
            }
            group.cancelAll()
        }
        try await self.group.shutdownGracefully()
    }

    /// Stops accepting connections; `run()` returns once the open ones are closed.
    public func shutdown() {
        serverChannel.channel.close(promise: nil)
    }

    private func serve(_ connection: NIOAsyncChannel<ProtoFrame, ByteBuffer>, info: InfoResponder, processor: CommandProcessor) async {
        connections.add(1, ordering: .relaxed)
        defer { connections.subtract(1, ordering: .relaxed) }
        let peer = connection.channel.remoteAddress?.description ?? "?"
        logger.debug("connection opened", metadata: ["peer": "\(peer)"])
        do {
            try await connection.executeThenClose { inbound, outbound in
                var authenticated = !security.isEnabled
                for try await frame in inbound {
                    requests.add(1, ordering: .relaxed)
                    if !authenticated && frame.type != .admin {
                        try await outbound.write(WireServer.notAuthenticated(frame))
                        continue
                    }
                    switch frame.type {
                    case .info:
                        let answers = info.answer(InfoMessage.parseRequest(frame.body))
                        var out = ByteBuffer()
                        ProtoFrame(type: .info, body: InfoMessage.encodeResponse(answers)).write(to: &out)
                        try await outbound.write(out)
                    case .message:
                        if frame.body.getInteger(at: frame.body.readerIndex + 1, as: UInt8.self).map({ $0 & ReadFlags.batch.rawValue != 0 }) == true {
                            batches.add(1, ordering: .relaxed)
                        }
                        try await processor.process(frame.body) { try await outbound.write($0) }
                    case .admin where !security.isEnabled:
                        try await outbound.write(WireServer.securityNotEnabled(frame.body))
                    case .admin:
                        guard let request = try? AdminMessage.decode(frame.body) else {
                            let command = AdminCommand(rawValue: frame.body.getInteger(at: frame.body.readerIndex + 2, as: UInt8.self) ?? 0)
                            try await outbound.write(AdminMessage(command, resultCode: .parameterError).frame())
                            continue
                        }
                        let (reply, user) = security.answer(request)
                        if let user {
                            authenticated = true
                            logger.debug("authenticated", metadata: ["peer": "\(peer)", "user": "\(user)"])
                        }
                        try await outbound.write(reply.frame())
                    default:
                        // Compressed messages are an Enterprise feature; say so rather than guess.
                        try await outbound.write(WireReply.header(.unsupportedFeature, now: CitrusleafTime.now(configuration.clock)).frame())
                    }
                }
            }
        } catch {
            logger.debug("connection closed", metadata: ["peer": "\(peer)", "reason": "\(error)"])
        }
    }

    /// The answer to any security command when security is off, whatever its fields:
    /// security is not enabled, which clients accept as "no login needed".
    static func securityNotEnabled(_ request: ByteBuffer) -> ByteBuffer {
        let command = request.getInteger(at: request.readerIndex + 2, as: UInt8.self) ?? 0
        return AdminMessage(AdminCommand(rawValue: command), resultCode: .securityNotEnabled).frame()
    }

    /// The answer to anything but a security command before the connection logged in: for
    /// info, an error in place of each answer; for a data command, its result code (marked
    /// last, so a client waiting for a batch stream stops waiting).
    static func notAuthenticated(_ frame: ProtoFrame) -> ByteBuffer {
        var out = ByteBuffer()
        if frame.type == .info {
            let answers = InfoMessage.parseRequest(frame.body).map { ($0, "ERROR:80:not authenticated") }
            ProtoFrame(type: .info, body: InfoMessage.encodeResponse(answers)).write(to: &out)
        } else {
            // No metadata goes with it, so the time does not matter.
            var message = WireReply.header(.notAuthenticated, now: 0)
            message.infoFlags.insert(.last)
            out = message.frame()
        }
        return out
    }

    private func statistics() -> [(String, String)] {
        let uptime = (ContinuousClock.now - started).components.seconds
        return [
            ("cluster_size", String(topology.nodeCount)),
            ("uptime", String(uptime)),
            ("client_connections", String(connections.load(ordering: .relaxed))),
            ("requests", String(requests.load(ordering: .relaxed))),
            ("batch_requests", String(batches.load(ordering: .relaxed))),
            ("misrouted", String(misrouted.load(ordering: .relaxed))),
        ]
    }
}
