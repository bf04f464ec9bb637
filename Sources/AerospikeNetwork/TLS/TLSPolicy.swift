/// How the wire client speaks TLS to every node, as aql's `--tls-*` flags say it: the CA
/// to trust, an optional client certificate (mutual TLS), the protocol versions, and the
/// name a node's certificate must carry when its seed or peer entry names none.
///
/// Only paths are kept here; `TLSClientContext` reads the files once per client.
public struct TLSPolicy: Sendable, Equatable {
    /// The name each server certificate is verified against (and sent as SNI) for seeds
    /// given without one (`host:tls-name:port` names its own). Without any, the seed's host
    /// is used: a host name as SNI and for verification, an IP address for verification only.
    public var name: String?
    /// A PEM file of CA certificates to trust.
    public var caFile: String?
    /// A directory of PEM files (`*.pem`, `*.crt`) of CA certificates to trust.
    public var caPath: String?
    /// The client's certificate chain and key, for a server that requires one.
    public var certFile: String?
    public var keyFile: String?
    public var protocols: TLSProtocols

    public init(
        name: String? = nil, caFile: String? = nil, caPath: String? = nil, certFile: String? = nil, keyFile: String? = nil,
        protocols: TLSProtocols = .default
    ) {
        self.name = name
        self.caFile = caFile
        self.caPath = caPath
        self.certFile = certFile
        self.keyFile = keyFile
        self.protocols = protocols
    }
}

/// The TLS versions allowed, a contiguous range (BoringSSL takes a minimum and a maximum).
public struct TLSProtocols: Sendable, Equatable, CustomStringConvertible {
    public enum Version: Int, Sendable, Comparable, CaseIterable {
        case tls1 = 10, tls1_1, tls1_2, tls1_3

        public static func < (left: Version, right: Version) -> Bool { left.rawValue < right.rawValue }

        /// The name aql's and Apache's syntax uses.
        public var name: String {
            switch self {
            case .tls1: "TLSv1"
            case .tls1_1: "TLSv1.1"
            case .tls1_2: "TLSv1.2"
            case .tls1_3: "TLSv1.3"
            }
        }
    }

    public var minimum: Version
    public var maximum: Version

    /// TLS 1.2 and 1.3: what current Aerospike servers offer. (aql's default is TLS 1.2
    /// alone; 1.3 is added because nothing older than 1.2 should be needed, and 1.3 is what
    /// a current server prefers.)
    public static let `default` = TLSProtocols(minimum: .tls1_2, maximum: .tls1_3)

    public init(minimum: Version, maximum: Version) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Parses aql's `--tls-protocols` (Apache's SSLProtocol syntax): words such as
    /// `TLSv1.2 TLSv1.3`, `all`, `-all +TLSv1.2`; a word without a sign adds, as `+`.
    /// SSLv2 and SSLv3 are refused. Throws the reason as text.
    public init(parsing text: String) throws(TLSProtocolsError) {
        var chosen = Set<Version>()
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
        guard !words.isEmpty else { throw TLSProtocolsError(message: "names no protocol") }
        for word in words {
            var name = Substring(word)
            var adds = true
            if let sign = name.first, sign == "+" || sign == "-" {
                adds = sign == "+"
                name = name.dropFirst()
            }
            let versions: [Version]
            if name.lowercased() == "all" {
                versions = Version.allCases
            } else if let version = Version.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) {
                versions = [version]
            } else if name.lowercased().hasPrefix("sslv") {
                throw TLSProtocolsError(message: "\(name) is not supported (it is insecure): use TLSv1.2 or TLSv1.3")
            } else {
                throw TLSProtocolsError(message: "'\(word)' is not a protocol (TLSv1, TLSv1.1, TLSv1.2, TLSv1.3 or all, each with an optional + or -)")
            }
            if adds { chosen.formUnion(versions) } else { chosen.subtract(versions) }
        }
        guard let minimum = chosen.min(), let maximum = chosen.max() else {
            throw TLSProtocolsError(message: "leaves no protocol enabled")
        }
        guard chosen.count == maximum.rawValue - minimum.rawValue + 1 else {
            throw TLSProtocolsError(message: "must enable consecutive versions (from \(minimum.name) to \(maximum.name), with none left out)")
        }
        self.init(minimum: minimum, maximum: maximum)
    }

    public var description: String {
        Version.allCases.filter { $0 >= minimum && $0 <= maximum }.map(\.name).joined(separator: " ")
    }
}

/// Why a `--tls-protocols` value was refused.
public struct TLSProtocolsError: Error, Sendable, Equatable {
    public var message: String
}
