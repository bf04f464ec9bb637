import AerospikeNetwork
import ArgumentParser

/// aql's TLS flags. Each overrides astools.conf's key of the same name (`tls-enable`,
/// `tls-name`, …); `ShellConfiguration.tlsPolicy` merges the two.
struct TLSOptions: ParsableArguments {
    @Flag(name: .customLong("tls-enable"), inversion: .prefixedNo, help: "Speak TLS to every node of the cluster (astools.conf's tls-enable); --no-tls-enable overrides a file that turns it on.")
    var enable: Bool?

    @Option(name: .customLong("tls-name"), help: ArgumentHelp("The name the nodes' certificates must carry (sent as SNI too), for seeds given without one; a seed may name its own as host:tls-name:port.", valueName: "name"))
    var name: String?

    @Option(name: .customLong("tls-cafile"), help: ArgumentHelp("Trust the CA certificates in this PEM file (default: the system's).", valueName: "path"))
    var caFile: String?

    @Option(name: .customLong("tls-capath"), help: ArgumentHelp("Trust the CA certificates in the .pem and .crt files of this directory.", valueName: "path"))
    var caPath: String?

    @Option(name: .customLong("tls-certfile"), help: ArgumentHelp("Present this client certificate chain (PEM), for a cluster that requires one (mutual TLS).", valueName: "path"))
    var certFile: String?

    @Option(name: .customLong("tls-keyfile"), help: ArgumentHelp("The private key (unencrypted PEM) of --tls-certfile.", valueName: "path"))
    var keyFile: String?

    // Unconditional: a value such as "-all +TLSv1.3" starts with a dash.
    @Option(name: .customLong("tls-protocols"), parsing: .unconditional, help: ArgumentHelp("The TLS versions to allow, as aql takes them: e.g. \"TLSv1.2 TLSv1.3\" (the default) or \"-all +TLSv1.3\".", valueName: "protocols"))
    var protocols: String?

    func validate() throws {
        if let protocols {
            do throws(TLSProtocolsError) {
                _ = try TLSProtocols(parsing: protocols)
            } catch {
                throw ValidationError("--tls-protocols '\(protocols)' \(error.message)")
            }
        }
    }
}
