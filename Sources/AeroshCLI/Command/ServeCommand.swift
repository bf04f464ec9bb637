import AerospikeEmbedded
import AerospikeServer
import ArgumentParser
import Dispatch
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `aerosh serve`: the embedded store over the Aerospike wire protocol, for real clients.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the embedded store over the Aerospike wire protocol.",
        discussion: """
            Real Aerospike clients connect to it as to a one-node cluster that owns every \
            partition. It prints 'listening on HOST:PORT' when ready (one line per node, then \
            with --tls-certfile one 'listening for TLS on HOST:PORT' line per node) and stops \
            cleanly on SIGINT or SIGTERM. With TLS, each node listens on its clear port and on \
            its TLS port, as a real node with both a service and a tls-service.
            """,
        helpNames: [.long]
    )

    @Option(help: "The address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 3000

    @Option(help: "Present this many nodes (on consecutive ports) over the one store, each mastering a disjoint share of the partitions: a test cluster.")
    var nodes = 1

    @Option(name: .customLong("data"), help: ArgumentHelp("Keep records in this SQLite file (created if missing).", valueName: "path"))
    var data: String?

    @Flag(name: .customLong("memory"), help: "Keep records in memory only.")
    var memory = false

    @Option(name: .customLong("namespace"), help: ArgumentHelp("Add a namespace, or set one's default TTL in seconds (0 = never expire). Repeatable; test and bar always exist.", valueName: "name[:default-ttl=seconds]"))
    var namespaces: [NamespaceOption] = []

    @Option(name: .customLong("user"), help: ArgumentHelp("Turn on internal authentication and accept this user (repeatable): clients must log in, as with an Enterprise server with security enabled.", valueName: "name:password"))
    var users: [ServeUserOption] = []

    @Option(name: .customLong("tls-certfile"), help: ArgumentHelp("Also listen for TLS, presenting this certificate chain (PEM); needs --tls-keyfile.", valueName: "path"))
    var tlsCertFile: String?

    @Option(name: .customLong("tls-keyfile"), help: ArgumentHelp("The private key (unencrypted PEM) of --tls-certfile.", valueName: "path"))
    var tlsKeyFile: String?

    @Option(name: .customLong("tls-port"), help: ArgumentHelp("The TLS port (with --nodes, the first of consecutive ones); default 4333, or a free one when --port is 0.", valueName: "port"))
    var tlsPort: Int?

    @Option(name: .customLong("tls-name"), help: ArgumentHelp("The name peers-tls-std tells clients to verify each node's certificate against (default: the certificate's first DNS name).", valueName: "name"))
    var tlsName: String?

    @Option(name: .customLong("tls-cafile"), help: ArgumentHelp("Require TLS clients to present a certificate issued by a CA in this PEM file (mutual TLS).", valueName: "path"))
    var tlsCAFile: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: LogLevelOption = LogLevelOption(.info)

    func validate() throws {
        if data != nil && memory { throw ValidationError("--data and --memory cannot be used together") }
        if data == nil && !memory { throw ValidationError("say where records live: --data PATH or --memory") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if !(1...64).contains(nodes) { throw ValidationError("--nodes must be from 1 to 64") }
        if (tlsCertFile == nil) != (tlsKeyFile == nil) { throw ValidationError("--tls-certfile and --tls-keyfile go together") }
        if tlsCertFile == nil, tlsPort != nil || tlsName != nil || tlsCAFile != nil {
            throw ValidationError("--tls-port, --tls-name and --tls-cafile need --tls-certfile and --tls-keyfile")
        }
        if let tlsPort, !(0...65535).contains(tlsPort) { throw ValidationError("--tls-port must be from 0 to 65535") }
        if let first = firstTLSPort, first != 0, port != 0, (port..<port + nodes).overlaps(first..<first + nodes) {
            throw ValidationError("--tls-port \(first) and --port \(port) overlap: each node needs a clear port and a TLS port of its own")
        }
    }

    /// The first node's TLS port: --tls-port, else 4333 (a real server's usual tls-service
    /// port), else a free one when --port 0 asks for free ports; nil without TLS.
    private var firstTLSPort: Int? {
        guard tlsCertFile != nil else { return nil }
        return tlsPort ?? (port == 0 ? 0 : 4333)
    }

    /// The TLS every node speaks; a file that cannot be used ends the process (status 3,
    /// as a port that cannot be listened on).
    private func serverTLS() throws -> ServerTLS? {
        guard let tlsCertFile, let tlsKeyFile else { return nil }
        do throws(ServerTLSError) {
            return try ServerTLS(certFile: tlsCertFile, keyFile: tlsKeyFile, name: tlsName, clientCAFile: tlsCAFile)
        } catch {
            var errors = FileDescriptorSink.standardError()
            errors.write("error: \(error.message)\n")
            errors.flush()
            throw ExitCode(ExitStatus.cannotConnect.rawValue)
        }
    }

    func run() async throws {
        let level = logLevel.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "aerosh.serve")
        let tls = try serverTLS()
        let store = try await StoreOpening.open(path: data ?? EmbeddedStore.inMemoryPath, namespaces: namespaces, access: .concurrentReads)
        let topology = ClusterTopology(nodeCount: nodes)
        let security = await ServerSecurity.withUsers(Dictionary(users.map { ($0.name, $0.password) }, uniquingKeysWith: { $1 }))
        var servers: [WireServer] = []
        for index in 0..<nodes {
            let nodePort = port == 0 ? 0 : port + index
            let nodeTLSPort = firstTLSPort.map { $0 == 0 ? 0 : $0 + index }
            do {
                servers.append(try await WireServer(
                    configuration: ServerConfiguration(
                        host: host, port: nodePort, tlsPort: nodeTLSPort, nodeID: ClusterTopology.nodeID(index: index),
                        namespaces: store.namespaceNames, nodeIndex: index),
                    store: store.synchronous,
                    logger: logger,
                    topology: topology,
                    security: security,
                    tls: tls
                ))
            } catch {
                servers.forEach { $0.shutdown() }
                var errors = FileDescriptorSink.standardError()
                let ports = nodeTLSPort.map { "\(nodePort) or TLS port \($0)" } ?? "\(nodePort)"
                errors.write("error: cannot listen on \(host):\(ports): \(error)\n")
                errors.flush()
                throw ExitCode(ExitStatus.cannotConnect.rawValue)
            }
        }
        topology.setMembers(servers.enumerated().map { index, server in
            ClusterTopology.Member(nodeID: ClusterTopology.nodeID(index: index), host: host, port: server.port, tlsPort: server.tlsPort)
        })

        // SIGINT and SIGTERM stop the servers: their handler writes to a pipe this source reads.
        let signalPipe = InterruptPipe.open()
        let signals = DispatchSource.makeReadSource(fileDescriptor: signalPipe, queue: .global())
        signals.setEventHandler {
            guard InterruptPipe.drain(signalPipe) else { return }
            servers.forEach { $0.shutdown() }
        }
        signals.resume()
        InterruptPipe.catchSignals([SIGINT, SIGTERM])
        if !security.isEnabled && !ServeCommand.isLoopback(host) {
            var errors = FileDescriptorSink.standardError()
            errors.write("warning: serving on \(host) without --user: anyone who can reach this address can read and write the store\n")
            errors.flush()
        }
        var output = FileDescriptorSink.standardOutput()
        for server in servers {
            output.write("listening on \(host):\(server.port)\n")
        }
        for server in servers {
            if let tlsPort = server.tlsPort { output.write("listening for TLS on \(host):\(tlsPort)\n") }
        }
        output.flush()
        logger.info("serving", metadata: ["nodes": "\(nodes)", "security": "\(security.isEnabled ? "on" : "off")", "tls": "\(tls == nil ? "off" : "on")", "address": "\(host):\(servers[0].port)", "data": "\(data ?? ":memory:")"])

        try await withThrowingDiscardingTaskGroup { group in
            for server in servers {
                group.addTask { try await server.run() }
            }
        }
        signals.cancel()
        await store.close()
        logger.info("stopped")
    }
}

/// `--log-level` values, as swift-log names them.
struct LogLevelOption: ExpressibleByArgument {
    let level: Logger.Level

    init(_ level: Logger.Level) { self.level = level }

    init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }

    var defaultValueDescription: String { level.rawValue }
}

/// `--user name:password`.
struct ServeUserOption: ExpressibleByArgument {
    let name: String
    let password: String

    init?(argument: String) {
        guard let colon = argument.firstIndex(of: ":"), colon != argument.startIndex else { return nil }
        name = String(argument[..<colon])
        password = String(argument[argument.index(after: colon)...])
    }

    var defaultValueDescription: String { "\(name):…" }
}

extension ServeCommand {
    /// Addresses only this machine can reach.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
