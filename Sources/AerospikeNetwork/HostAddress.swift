/// A server address as users write it: `host`, `host:port`, `[v6]:port`, or with the name
/// its TLS certificate carries, `host:tls-name:port` (`[v6]:tls-name:port`), as aql takes it.
public struct HostAddress: Sendable, Hashable, CustomStringConvertible {
    public static let defaultPort = 3000

    public var host: String
    public var port: Int
    /// The name the node's certificate is verified against when TLS is on; nil for the
    /// client's default (`TLSPolicy.name`, else the host).
    public var tlsName: String?

    public init(host: String, port: Int = HostAddress.defaultPort, tlsName: String? = nil) {
        self.host = host
        self.port = port
        self.tlsName = tlsName
    }

    /// Parses `host[:port]` or `host:tls-name:port`; nil when the port is not a number from
    /// 1 to 65535. A bare IPv6 address (several colons) is a host without a port; three
    /// parts none of them empty cannot be one (an IPv6 address with two colons has `::`),
    /// so they are `host:tls-name:port`.
    public init?(_ text: String, defaultPort: Int = HostAddress.defaultPort) {
        var host = Substring(text)
        var port = defaultPort
        var tlsName: Substring?
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            var rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if rest.hasPrefix(":") {
                rest = rest.dropFirst()
                if let colon = rest.firstIndex(of: ":") {
                    tlsName = rest[..<colon]
                    rest = rest[rest.index(after: colon)...]
                }
                guard let value = Int(rest) else { return nil }
                port = value
            } else if !rest.isEmpty {
                return nil
            }
        } else {
            let parts = host.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2 {
                guard let value = Int(parts[1]) else { return nil }
                port = value
                host = parts[0]
            } else if parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, let value = Int(parts[2]) {
                host = parts[0]
                tlsName = parts[1]
                port = value
            }
        }
        guard !host.isEmpty, (1...65535).contains(port), tlsName?.isEmpty != true else { return nil }
        self.host = String(host)
        self.port = port
        self.tlsName = tlsName.map(String.init)
    }

    /// `host:port`, as errors name a node (the TLS name is not part of where it is).
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
