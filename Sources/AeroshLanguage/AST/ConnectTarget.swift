/// What `CONNECT` switches the session to.
public enum ConnectTarget: Sendable, Hashable {
    /// Seed hosts of a cluster, `host[:port]` as written (checked when connecting).
    case cluster([String])
    /// The embedded store in this file.
    case embedded(path: String)
}
