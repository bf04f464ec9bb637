import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import ArgumentParser

/// Opens what the shell talks to: the embedded store, or a cluster through its seeds.
enum TargetOpening {
    /// The client and what the prompt calls it.
    static func open(embedded: String?, namespaces: [NamespaceOption], seeds: [HostAddress], port: Int, credentials: Credentials? = nil) async throws -> (any AerospikeClient, ShellTarget) {
        if let embedded {
            return (try await StoreOpening.open(path: embedded, namespaces: namespaces, access: .serial), .embedded(path: embedded))
        }
        let seeds = seeds.isEmpty ? [HostAddress(host: "127.0.0.1", port: port)] : seeds
        do {
            let client = try await WireClient.connect(seeds: seeds, policy: ClientPolicy(credentials: credentials))
            return (client, .server(seeds[0].description))
        } catch {
            var errors = FileDescriptorSink.standardError()
            // "cannot connect to H:P: connection refused" says it all; a refused login also
            // names the server's result code.
            let text = error.code == .connectionError ? (error.message ?? error.description) : "\(error.code.name) (\(error.code.rawValue)): \(error.message ?? "")"
            errors.write("error: \(text)\n")
            errors.flush()
            throw ExitCode(ExitStatus.cannotConnect.rawValue)
        }
    }
}
