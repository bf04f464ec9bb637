import AerospikeCore
import NIOCore
import NIOSSL

/// A client's `TLSPolicy` made ready: the certificate files read once, and one NIOSSL
/// context that every connection to every node shares.
final class TLSClientContext: Sendable {
    let policy: TLSPolicy
    private let context: NIOSSLContext
    /// Where the trusted CAs came from, for messages.
    let trustSource: String

    init(_ policy: TLSPolicy) throws(AerospikeError) {
        self.policy = policy
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = policy.protocols.minimum.nio
        configuration.maximumTLSVersion = policy.protocols.maximum.nio
        // The chain is verified here; the name, by `TLSIdentity` once the handshake is done.
        configuration.certificateVerification = .noHostnameVerification

        var roots: [NIOSSLCertificate] = []
        var sources: [String] = []
        if let caFile = policy.caFile {
            roots += try Self.certificates(in: caFile, what: "TLS CA file")
            sources.append(caFile)
        }
        if let caPath = policy.caPath {
            roots += try Self.certificates(inDirectory: caPath)
            sources.append(caPath)
        }
        configuration.trustRoots = roots.isEmpty ? .default : .certificates(roots)
        trustSource = sources.isEmpty ? "the system's trusted CAs" : sources.joined(separator: " or ")

        switch (policy.certFile, policy.keyFile) {
        case (nil, nil):
            break
        case (let certFile?, let keyFile?):
            configuration.certificateChain = try Self.certificates(in: certFile, what: "TLS certificate file").map { .certificate($0) }
            configuration.privateKey = .privateKey(try Self.privateKey(in: keyFile))
        case (_?, nil):
            throw AerospikeError(.connectionError, message: "--tls-certfile needs --tls-keyfile: the certificate's private key")
        case (nil, _?):
            throw AerospikeError(.connectionError, message: "--tls-keyfile needs --tls-certfile: the certificate that goes with the key")
        }

        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw AerospikeError(.connectionError, message: "cannot set up TLS: \(error)", underlying: "\(error)")
        }
    }

    /// The name the node at `address` must prove: its own (`host:tls-name:port`, or the
    /// peer entry's), else the policy's, else its host.
    func serverName(for address: HostAddress) -> String {
        address.tlsName ?? policy.name ?? address.host
    }

    /// The handler that speaks TLS to `address`. The name goes in SNI unless it is an IP
    /// address (SNI carries host names only).
    func makeHandler(for address: HostAddress) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: Self.sniName(serverName(for: address)))
    }

    /// A handler for the diagnosis after a chain failed verification: the chain goes to a
    /// callback that records it and refuses it, to say why (expired, untrusted), since
    /// BoringSSL's error says only "verify failed". Its handshake never completes, so
    /// nothing is sent over it.
    func makeDiagnosisHandler(for address: HostAddress, record: @escaping @Sendable ([NIOSSLCertificate]) -> Void) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: Self.sniName(serverName(for: address))) { chain, promise in
            record(chain)
            promise.succeed(NIOSSLVerificationResult.failed)
        }
    }

    static func sniName(_ name: String) -> String? {
        (try? SocketAddress(ipAddress: name, port: 0)) == nil ? name : nil
    }

    // MARK: - Files

    private static func certificates(in path: String, what: String) throws(AerospikeError) -> [NIOSSLCertificate] {
        try FileCheck.readable(path, what: what)
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
            guard !certificates.isEmpty else {
                throw AerospikeError(.connectionError, message: "the \(what) \(path) holds no PEM certificate")
            }
            return certificates
        } catch let error as AerospikeError {
            throw error
        } catch {
            throw AerospikeError(.connectionError, message: "cannot read the \(what) \(path): not PEM certificates (\(error))", underlying: "\(error)")
        }
    }

    private static func certificates(inDirectory path: String) throws(AerospikeError) -> [NIOSSLCertificate] {
        let files = try FileCheck.files(in: path, what: "TLS CA directory").filter { $0.hasSuffix(".pem") || $0.hasSuffix(".crt") }
        guard !files.isEmpty else {
            throw AerospikeError(.connectionError, message: "the TLS CA directory \(path) has no .pem or .crt file")
        }
        var certificates: [NIOSSLCertificate] = []
        for file in files.sorted() {
            certificates += try Self.certificates(in: "\(path)/\(file)", what: "TLS CA file")
        }
        return certificates
    }

    private static func privateKey(in path: String) throws(AerospikeError) -> NIOSSLPrivateKey {
        try FileCheck.readable(path, what: "TLS key file")
        do {
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw AerospikeError(.connectionError, message: "cannot read the TLS key file \(path): not an unencrypted PEM private key (\(error))", underlying: "\(error)")
        }
    }
}

extension TLSProtocols.Version {
    var nio: TLSVersion {
        switch self {
        case .tls1: .tlsv1
        case .tls1_1: .tlsv11
        case .tls1_2: .tlsv12
        case .tls1_3: .tlsv13
        }
    }
}
