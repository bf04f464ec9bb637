import AerospikeCore
import AerospikeSemantics
import AerospikeWire
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// `aerosh serve`: a synchronous client core (the embedded store) behind the Aerospike
/// wire protocol, so real clients can use it. One node that owns all 4096 partitions of
/// every namespace, or its share of them in a `ClusterTopology`.
///
/// Connections run on NIO's shared event loops; each is served by a
/// `ServerConnectionHandler` that answers every request on its event loop, store call
/// included: no request crosses to another thread.
public final class WireServer: Sendable {
    private let configuration: ServerConfiguration
    private let serverChannel: any Channel
    /// The TLS listener, when the server has a `ServerTLS`: the same service behind a
    /// handshake, as a real node's tls-service beside its clear service.
    private let tlsServerChannel: (any Channel)?
    private let context: ServerContext
    private let topology: ClusterTopology
    /// The connections open now, to close them at shutdown.
    private let children = OpenChannels()

    /// The port the server listens on.
    public let port: Int

    /// The port of its TLS listener, nil without one.
    public let tlsPort: Int?

    /// The node id `node` answers.
    public var nodeID: String { configuration.nodeID }

    /// Requests naming a key whose partition this node does not master.
    public var misroutedRequests: Int { context.counters.misrouted.load(ordering: .relaxed) }

    /// Batch requests received.
    public var batchRequests: Int { context.counters.batches.load(ordering: .relaxed) }

    /// Binds the listening socket; `run()` then serves until `shutdown()`.
    /// `group`: the event loops that serve connections. Every request is answered on its
    /// connection's loop, the store called synchronously, so servers that share loops (NIO's
    /// singleton, the default) also share each other's slow moments; a test that measures
    /// how fast one server answers gives it loops of its own.
    public init(
        configuration: ServerConfiguration, store: any SynchronousAerospikeClient, logger: Logger,
        topology: ClusterTopology = .single, security: ServerSecurity = .disabled, faults: ServerFaults = .none,
        tls: ServerTLS? = nil, group: MultiThreadedEventLoopGroup = .singleton
    ) async throws {
        self.configuration = configuration
        self.topology = topology
        let counters = ServerCounters()
        let portBox = BoundPort(configuration.port)
        let tlsPortBox = BoundPort(configuration.tlsPort ?? 0)
        let tlsListens = tls != nil && configuration.tlsPort != nil
        let nodeIndex = configuration.nodeIndex
        let owns: @Sendable (Int) -> Bool = { topology.owns(partition: $0, node: nodeIndex) }
        let processor = CommandProcessor(client: store, clock: configuration.clock, owns: owns) { partition in
            if !owns(partition) {
                counters.misrouted.add(1, ordering: .relaxed)
            }
        }
        let data = DataInfoResponder(store: store, clusterSize: topology.nodeCount, owned: owns)
        var info = InfoResponder(configuration: configuration, port: { portBox.value }, topology: topology, data: data) {
            counters.statistics(clusterSize: topology.nodeCount)
        }
        if tlsListens {
            info.tlsPort = { tlsPortBox.value }
            info.tlsName = tls?.name
        }
        let context = ServerContext(security: security, info: info, processor: processor, faults: faults, logger: logger, counters: counters)
        self.context = context
        let idleTimeout = TimeAmount.nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000)
        let children = self.children
        serverChannel = try await Self.bootstrap(group: group, idleTimeout: idleTimeout, children: children, context: context, tls: nil)
            .bind(host: configuration.host, port: configuration.port)
            .get()
        port = serverChannel.localAddress?.port ?? configuration.port
        portBox.value = port
        if let tls, let tlsPort = configuration.tlsPort {
            do {
                let channel = try await Self.bootstrap(group: group, idleTimeout: idleTimeout, children: children, context: context, tls: tls)
                    .bind(host: configuration.host, port: tlsPort)
                    .get()
                let bound = channel.localAddress?.port ?? tlsPort
                tlsServerChannel = channel
                self.tlsPort = bound
                tlsPortBox.value = bound
            } catch {
                try? await serverChannel.close()
                throw error
            }
        } else {
            tlsServerChannel = nil
            self.tlsPort = nil
        }
    }

    /// A listener's bootstrap: each connection gets the idle timeout, the frame decoder and
    /// a handler of its own, behind a TLS handshake on the TLS listener.
    private static func bootstrap(
        group: MultiThreadedEventLoopGroup, idleTimeout: TimeAmount, children: OpenChannels, context: ServerContext, tls: ServerTLS?
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    children.add(channel)
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(tls.makeHandler())
                    }
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ProtoFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(server: context))
                }
            }
    }

    /// Serves until `shutdown()`; then closes the open connections and returns.
    public func run() async throws {
        try await serverChannel.closeFuture.get()
        try await tlsServerChannel?.closeFuture.get()
        for channel in children.all {
            try? await channel.close()
        }
    }

    /// Stops accepting connections; `run()` returns once the open ones are closed.
    public func shutdown() {
        serverChannel.close(promise: nil)
        tlsServerChannel?.close(promise: nil)
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
}

/// The connections a server has open, by identity.
private final class OpenChannels: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        channels.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in _ = channels.withLock { $0.removeValue(forKey: id) } }
    }

    var all: [any Channel] { channels.withLock { Array($0.values) } }
}

/// The port a server listens on, known once it is bound (the configured one may be 0).
private final class BoundPort: Sendable {
    private let port: Mutex<Int>

    init(_ port: Int) { self.port = Mutex(port) }

    var value: Int {
        get { port.withLock { $0 } }
        set { port.withLock { $0 = newValue } }
    }
}
