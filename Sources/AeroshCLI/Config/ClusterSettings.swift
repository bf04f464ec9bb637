/// aql's `[cluster]` section of astools.conf (or `[cluster_NAME]` with --instance): where
/// the cluster is and how to log in. Each file read overrides the keys it sets, so the
/// user's file wins over the system's key by key, as in aql.
///
/// Other sections (`[aql]`, `[asadm]`, …) and the `[cluster]` keys aerosh does not use
/// (auth, tls-cipher-suite, …) are passed over silently: the file is shared with the other
/// tools.
struct ClusterSettings: Sendable, Equatable {
    var seeds: Sourced<[ConfigSeed]>?
    var port: Sourced<Int>?
    var user: Sourced<String>?
    var password: Sourced<String>?
    /// The TLS keys, as aql's `--tls-*` flags (which win over them).
    var tlsEnable: Sourced<Bool>?
    var tlsName: Sourced<String>?
    var tlsCAFile: Sourced<String>?
    var tlsCAPath: Sourced<String>?
    var tlsCertFile: Sourced<String>?
    var tlsKeyFile: Sourced<String>?
    var tlsProtocols: Sourced<String>?

    /// The section's name for an instance: `cluster`, or `cluster_NAME`.
    static func sectionName(instance: String?) -> String {
        instance.map { "cluster_\($0)" } ?? "cluster"
    }

    /// Takes the keys the section sets in `document`; says whether the file had the section.
    @discardableResult
    mutating func apply(_ document: ConfigDocument, instance: String?) throws(ConfigError) -> Bool {
        let name = Self.sectionName(instance: instance)
        guard let section = try document.section(name) else { return false }
        let reader = ConfigKeyReader(document: document, section: "[\(name)] ")
        for (key, value) in section.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "host":
                let list = try reader.string(key, value)
                seeds = Sourced(value: try Self.seeds(list.value, reader: reader), origin: list.origin)
            case "port": port = try reader.int(key, value, in: 1...65535, what: "a port")
            case "user": user = try reader.string(key, value)
            case "password": password = try reader.string(key, value)
            case "tls-enable": tlsEnable = try reader.bool(key, value)
            case "tls-name": tlsName = try reader.string(key, value)
            case "tls-cafile": tlsCAFile = try reader.string(key, value)
            case "tls-capath": tlsCAPath = try reader.string(key, value)
            case "tls-certfile": tlsCertFile = try reader.string(key, value)
            case "tls-keyfile": tlsKeyFile = try reader.string(key, value)
            case "tls-protocols": tlsProtocols = try reader.string(key, value)
            default: continue
            }
        }
        return true
    }

    /// `host` is a comma-separated list of `host[:tls-name][:port]`.
    static func seeds(_ list: String, reader: ConfigKeyReader) throws(ConfigError) -> [ConfigSeed] {
        var seeds: [ConfigSeed] = []
        for entry in list.split(separator: ",") {
            let text = entry.trimmingSpaces
            if text.isEmpty { continue }
            guard let seed = ConfigSeed(text) else {
                throw reader.invalid("host", "has '\(text)', which is not host[:tls-name][:port]")
            }
            seeds.append(seed)
        }
        guard !seeds.isEmpty else { throw reader.invalid("host", "names no host") }
        return seeds
    }
}

/// One seed of astools.conf's `host`: `host[:tls-name][:port]`, an IPv6 address in
/// brackets. A port left out is the section's `port` (else 3000).
struct ConfigSeed: Sendable, Equatable {
    var host: String
    var tlsName: String?
    var port: Int?

    init(host: String, tlsName: String? = nil, port: Int? = nil) {
        self.host = host
        self.tlsName = tlsName
        self.port = port
    }

    init?(_ text: Substring) {
        var rest = text
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
            rest = rest.dropFirst()
        } else {
            let end = rest.firstIndex(of: ":") ?? rest.endIndex
            host = String(rest[..<end])
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        guard !host.isEmpty else { return nil }
        let parts = rest.isEmpty ? [] : rest.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 0:
            break
        case 1 where parts[0].allSatisfy(\.isASCIIDigit):
            guard let port = Self.port(parts[0]) else { return nil }
            self.port = port
        case 1:
            tlsName = String(parts[0])
        case 2:
            guard !parts[0].isEmpty, let port = Self.port(parts[1]) else { return nil }
            tlsName = String(parts[0])
            self.port = port
        default:
            return nil
        }
    }

    private static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let port = Int(text), (1...65535).contains(port) else { return nil }
        return port
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
