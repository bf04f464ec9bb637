/// A server address as users write it: `host`, `host:port` or `[v6]:port`.
public struct HostAddress: Sendable, Hashable, CustomStringConvertible {
    public static let defaultPort = 3000

    public var host: String
    public var port: Int

    public init(host: String, port: Int = HostAddress.defaultPort) {
        self.host = host
        self.port = port
    }

    /// Parses `host[:port]`; nil when the port is not a number from 1 to 65535.
    public init?(_ text: String, defaultPort: Int = HostAddress.defaultPort) {
        var host = Substring(text)
        var port = defaultPort
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if rest.hasPrefix(":") {
                guard let value = Int(rest.dropFirst()) else { return nil }
                port = value
            } else if !rest.isEmpty {
                return nil
            }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            guard let value = Int(host[host.index(after: colon)...]) else { return nil }
            port = value
            host = host[..<colon]
        }
        guard !host.isEmpty, (1...65535).contains(port) else { return nil }
        self.host = String(host)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
