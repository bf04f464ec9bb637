import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `aerosh serve`'s TLS: the certificate and key each node presents on its TLS port, the
/// name clients are told to verify it against (in `peers-tls-std`), and optionally a CA
/// whose certificates clients must present (mutual TLS).
public struct ServerTLS: Sendable {
    let context: NIOSSLContext
    /// What `peers-tls-std` names as each node's TLS name: a client following peers checks
    /// the peer's certificate against it.
    public let name: String?
    public let requiresClientCertificate: Bool

    /// Reads the files; throws a `ServerTLSError` that names the file and what is wrong.
    public init(certFile: String, keyFile: String, name: String?, clientCAFile: String? = nil) throws(ServerTLSError) {
        for (path, what) in [(certFile, "certificate file"), (keyFile, "key file"), (clientCAFile, "CA file")] {
            guard let path, access(path, R_OK) != 0 else { continue }
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw ServerTLSError(message: "cannot read the TLS \(what) \(path): \(reason)")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certFile)
        } catch {
            throw ServerTLSError(message: "cannot read the TLS certificate file \(certFile): \(error)")
        }
        guard !chain.isEmpty else { throw ServerTLSError(message: "the TLS certificate file \(certFile) holds no PEM certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw ServerTLSError(message: "cannot read the TLS key file \(keyFile): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        if let clientCAFile {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMFile(clientCAFile)
            } catch {
                throw ServerTLSError(message: "cannot read the TLS CA file \(clientCAFile): \(error)")
            }
            guard !roots.isEmpty else { throw ServerTLSError(message: "the TLS CA file \(clientCAFile) holds no PEM certificate") }
            configuration.trustRoots = .certificates(roots)
            // A client's certificate names no host to check: its chain to the CA is what counts.
            configuration.certificateVerification = .noHostnameVerification
        }
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ServerTLSError(message: "cannot use \(certFile) with \(keyFile): \(error)")
        }
        self.name = name ?? Self.firstDNSName(chain[0])
        requiresClientCertificate = clientCAFile != nil
    }

    /// The certificate's first DNS name: what a client following peers is told to check
    /// when serve is given no --tls-name. (NIOSSL's underscored API is the one that lists
    /// the names; a real server's tls-name is configured instead.)
    private static func firstDNSName(_ certificate: NIOSSLCertificate) -> String? {
        for name in certificate._subjectAlternativeNames() where name.nameType == .dnsName {
            return name.contents.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        }
        return nil
    }

    func makeHandler() -> NIOSSLServerHandler {
        NIOSSLServerHandler(context: context)
    }
}

/// Why `ServerTLS` could not be set up.
public struct ServerTLSError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
