import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AeroshLanguage
import ArgumentParser

/// Opens what the shell talks to: the embedded store, or a cluster through its seeds.
enum TargetOpening {
    /// The client and what the prompt calls it.
    /// `timeout` (-T) also bounds the first tend, so a slow cluster given time is not
    /// refused at connect by the 1-second default.
    static func open(
        embedded: String?, namespaces: [NamespaceOption], seeds: [HostAddress], port: Int, credentials: Credentials? = nil, timeout: Duration? = nil,
        tls: TLSPolicy? = nil
    ) async throws -> (any AerospikeClient, ShellTarget) {
        if let embedded {
            return (try await StoreOpening.open(path: embedded, namespaces: namespaces, access: .serial), .embedded(path: embedded))
        }
        let seeds = seeds.isEmpty ? [HostAddress(host: "127.0.0.1", port: port)] : seeds
        do {
            let client = try await WireClient.connect(seeds: seeds, policy: policy(credentials: credentials, timeout: timeout, tls: tls))
            return (client, .server(seeds[0].description))
        } catch {
            var errors = FileDescriptorSink.standardError()
            errors.write("error: \(describe(error))\n")
            errors.flush()
            throw ExitCode(ExitStatus.cannotConnect.rawValue)
        }
    }

    /// "cannot connect to H:P: connection refused" (or "TLS handshake with H:P failed: …")
    /// says it all; anything else (a refused login) also names the server's result code.
    static func describe(_ error: AerospikeError) -> String {
        if error.code == .connectionError { return error.message ?? error.description }
        // A store that cannot be opened: SQLite's reason is the useful part.
        if error.code == .clientError, let message = error.message, let underlying = error.underlying {
            return "\(message): \(underlying)"
        }
        return "\(error.code.name) (\(error.code.rawValue)): \(error.message ?? "")"
    }

    /// What CONNECT opens: a cluster through its seeds, or an embedded store, with the
    /// command line's namespaces, default port, login and TLS.
    static func connect(
        _ target: ConnectTarget, namespaces: [NamespaceOption], port: Int, credentials: Credentials?, timeout: Duration? = nil,
        tls: TLSPolicy? = nil
    ) async throws(AerospikeError) -> (any AerospikeClient, ShellTarget) {
        switch target {
        case .embedded(let path):
            let store = try EmbeddedStore(path: path, namespaces: NamespaceOption.merged(namespaces), access: .serial)
            return (store, .embedded(path: path))
        case .cluster(let hosts):
            var seeds: [HostAddress] = []
            for host in hosts {
                guard let seed = HostAddress(host, defaultPort: port) else {
                    throw AerospikeError(.parameterError, message: "'\(host)' is not host[:port] or host:tls-name:port")
                }
                seeds.append(seed)
            }
            let client = try await WireClient.connect(seeds: seeds, policy: policy(credentials: credentials, timeout: timeout, tls: tls))
            return (client, .server(seeds[0].description))
        }
    }

    /// The client's policy: the login, TLS, and -T as the default deadline of commands and
    /// of the first tend. The shell makes one call at a time unless told to run several
    /// (CONCURRENCY), so those calls block its thread, as aql's do.
    static func policy(credentials: Credentials?, timeout: Duration?, tls: TLSPolicy? = nil) -> ClientPolicy {
        var policy = ClientPolicy(credentials: credentials, tls: tls, callsBlockCaller: true)
        if let timeout { policy.totalTimeout = timeout }
        return policy
    }
}
