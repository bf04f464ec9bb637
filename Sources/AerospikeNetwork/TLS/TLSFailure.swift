import AerospikeCore
import NIOCore
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Says in a few words why a TLS handshake failed: "certificate is not trusted (…)",
/// "certificate has expired (…)", "certificate does not match the TLS name '…'", or that
/// the server does not speak TLS on that port.
enum TLSFailure {
    enum Reason: Equatable {
        /// The chain did not verify; BoringSSL does not say why, `explainVerification` does.
        case verificationFailed
        case described(String)
    }

    static func reason(_ error: any Error, serverName: String, context: TLSClientContext) -> Reason {
        if error is TLSHandshakeTimedOut {
            return .described("no TLS answer in time (does the server speak TLS on this port?)")
        }
        if error is TLSHandshakeClosed || (error as? NIOSSLError) == .uncleanShutdown || (error as? ChannelError) == .eof
            || "\(error)".contains("EOF during handshake") {
            return .described("the server closed the connection during the handshake (does it speak TLS on this port?)")
        }
        if error is TLSNameMismatch {
            let how = "give the name its certificate was issued for with --tls-name or as host:tls-name:port"
            return .described("certificate does not match the TLS name '\(serverName)' (\(how))")
        }
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") { return .verificationFailed }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("RECORD_LENGTH_MISMATCH") || text.contains("PACKET_LENGTH_TOO_LONG") {
            return .described("the server did not answer in TLS (is this its TLS port?)")
        }
        if text.contains("UNSUPPORTED_PROTOCOL") || text.contains("PROTOCOL_VERSION") {
            return .described("no TLS version in common (allowed here: \(context.policy.protocols))")
        }
        if context.policy.certFile == nil && text.contains("HANDSHAKE_FAILURE") {
            return .described("the server refused the handshake: it may require a client certificate (--tls-certfile and --tls-keyfile)")
        }
        return .described(refusalOfThisClient(text) ?? reasonNames(text))
    }

    /// BoringSSL's reasons without its codes and source paths: `error:1000045c:SSL
    /// routines:OPENSSL_internal:NO_SHARED_CIPHER at /…/handshake.cc:123` reads
    /// `no shared cipher`; text without such reasons is kept as it is.
    static func reasonNames(_ text: String) -> String {
        let marker = "OPENSSL_internal:"
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.firstRange(of: marker) {
            let name = rest[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty { names.append(String(name).lowercased().replacingUnderscores) }
            rest = rest[start.upperBound...]
        }
        return names.isEmpty ? text : names.joined(separator: ", ")
    }

    /// The server's alert refusing this client, from BoringSSL's error text. With TLS 1.3
    /// the server judges the client's certificate after the client's side of the handshake
    /// is done, so this may come with the first reply instead (`NodeConnection.request`).
    static func refusalOfThisClient(_ text: String) -> String? {
        if text.contains("CERTIFICATE_REQUIRED") {
            return "the server requires a client certificate (give --tls-certfile and --tls-keyfile)"
        }
        if text.contains("ALERT_UNKNOWN_CA") || text.contains("ALERT_BAD_CERTIFICATE") || text.contains("ALERT_CERTIFICATE_EXPIRED") {
            return "the server refused this client's certificate (\(alertName(text)))"
        }
        return nil
    }

    /// Why the server's chain failed verification, from the chain the diagnosis handshake
    /// recorded: a certificate out of its validity period, else an issuer not trusted.
    static func explainVerification(chain: [NIOSSLCertificate]?, context: TLSClientContext) -> String {
        let untrusted = "certificate is not trusted (not issued by a CA in \(context.trustSource))"
        guard let chain, !chain.isEmpty else { return untrusted }
        let now = time(nil)
        for (index, certificate) in chain.enumerated() {
            let which = index == 0 ? "the server's certificate" : "a CA certificate in the server's chain"
            if certificate.notValidAfter < now {
                return "certificate has expired (\(which) was valid until \(utc(certificate.notValidAfter)))"
            }
            if certificate.notValidBefore > now {
                return "certificate is not yet valid (\(which) is valid from \(utc(certificate.notValidBefore)))"
            }
        }
        return untrusted
    }

    /// BoringSSL's name of the alert the server sent, from its error text.
    private static func alertName(_ text: String) -> String {
        let marker = Array("ALERT_")
        let characters = Array(text)
        guard let start = characters.indices.first(where: { characters[$0...].starts(with: marker) }) else { return text }
        return String(characters[(start + marker.count)...].prefix { $0.isLetter || $0 == "_" }).lowercased().replacingUnderscores
    }

    /// `2026-11-27 12:00:00 UTC`.
    static func utc(_ seconds: time_t) -> String {
        var value = seconds
        var parts = tm()
        gmtime_r(&value, &parts)
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) UTC"
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
