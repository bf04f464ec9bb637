/// Identifies one record: namespace, optional set, and either a user key or only its digest.
///
/// The digest is what the store and the server look records up by; `AerospikeWire` computes
/// it from set and user key (`Key(namespace:set:userKey:)`). A key as a statement wrote it
/// (`Key(namespace:set:writtenKey:)`, the parser's) leaves the digest to be computed when
/// first asked for: hashing is the executor's work, not the parser's (it was a sixth of a
/// statement's parse). `hashed()` computes it once for the commands that use it.
public struct Key: Sendable, Hashable {
    public var namespace: String
    /// nil is the namespace's null set.
    public var set: String? {
        didSet { if userKey != nil { storedDigest = nil } }
    }
    /// nil when the key was given as a bare digest, or read back from a record stored without SEND KEY.
    public var userKey: UserKey? {
        didSet { if userKey != nil { storedDigest = nil } }
    }
    /// nil only while a user key's digest has not been computed.
    private var storedDigest: Digest?

    public var digest: Digest {
        get {
            if let storedDigest { return storedDigest }
            // Only a key with a user key leaves its digest for later.
            return .compute(set: set, userKey: userKey!)
        }
        set { storedDigest = newValue }
    }

    public init(namespace: String, set: String?, userKey: UserKey?, digest: Digest) {
        self.namespace = namespace
        self.set = set
        self.userKey = userKey
        self.storedDigest = digest
    }

    /// A key as written, its digest not computed yet.
    public init(namespace: String, set: String?, writtenKey userKey: UserKey) {
        self.namespace = namespace
        self.set = set
        self.userKey = userKey
        self.storedDigest = nil
    }

    /// The key with its digest computed, so the commands that route and send it do not
    /// each compute it again.
    public func hashed() -> Key {
        guard storedDigest == nil else { return self }
        var key = self
        key.storedDigest = digest
        return key
    }

    /// Whether the digest is computed (or was given).
    public var isHashed: Bool { storedDigest != nil }

    // The digest follows from set and user key: keys with user keys are equal when those
    // are, whether or not either has computed its digest; keys given by digest alone
    // compare digests.
    public static func == (lhs: Key, rhs: Key) -> Bool {
        guard lhs.namespace == rhs.namespace, lhs.set == rhs.set, lhs.userKey == rhs.userKey else { return false }
        return lhs.userKey != nil || lhs.storedDigest == rhs.storedDigest
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(namespace)
        hasher.combine(set)
        hasher.combine(userKey)
        if userKey == nil { hasher.combine(storedDigest) }
    }
}
