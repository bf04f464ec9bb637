import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a node's certificate carries the TLS name it must prove. NIOSSL's own check
/// passes a certificate whose IP addresses include the connected one whatever name was
/// asked for; Aerospike's clients check the TLS name alone, and so does this: a name
/// against the certificate's DNS names (`*.example.com` covering one label), an IP
/// address (no TLS name given, an IP seed) against its IP addresses.
enum TLSIdentity {
    static func matches(_ certificate: NIOSSLCertificate, name: String) -> Bool {
        let wanted = ipBytes(name)
        for alternative in certificate._subjectAlternativeNames() {
            let contents = alternative.contents.withUnsafeBufferPointer { Array($0) }
            switch alternative.nameType {
            case .dnsName where wanted == nil:
                if dnsName(String(decoding: contents, as: UTF8.self), covers: name) { return true }
            case .ipAddress:
                if let wanted, wanted == contents { return true }
            default:
                continue
            }
        }
        return false
    }

    /// `pattern` is the name itself (any case), or `*.rest` for a name with one more label.
    static func dnsName(_ pattern: String, covers name: String) -> Bool {
        let pattern = pattern.lowercased()
        var name = name.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if pattern == name { return true }
        guard pattern.hasPrefix("*."), let dot = name.firstIndex(of: "."), dot != name.startIndex else { return false }
        return name[dot...] == pattern.dropFirst()
    }

    /// The 4 or 16 bytes of an IP address literal; nil for a name.
    static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }
}

/// The certificate verified but does not carry the TLS name.
struct TLSNameMismatch: Error {}
