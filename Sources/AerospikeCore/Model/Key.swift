/// Identifies one record: namespace, optional set, and either a user key or only its digest.
///
/// The digest is always present because it is what the store and the server look records up
/// by; `AerospikeWire` computes it from set and user key (`Key(namespace:set:userKey:)`).
public struct Key: Sendable, Hashable {
    public var namespace: String
    /// nil is the namespace's null set.
    public var set: String?
    /// nil when the key was given as a bare digest, or read back from a record stored without SEND KEY.
    public var userKey: UserKey?
    public var digest: Digest

    public init(namespace: String, set: String?, userKey: UserKey?, digest: Digest) {
        self.namespace = namespace
        self.set = set
        self.userKey = userKey
        self.digest = digest
    }
}
