/// The names a store holds — namespaces, sets and bins — for a shell to complete.
///
/// Sets and bins come from a bounded sample of each namespace's records, so reading them
/// stays cheap on a large store; a name only in records outside the sample may be missing.
public struct StoreNames: Sendable, Hashable {
    public var namespaces: [String]
    /// Per namespace, its set names, sorted.
    public var sets: [String: [String]]
    /// Bin names across the sample, sorted.
    public var bins: [String]

    public init(namespaces: [String] = [], sets: [String: [String]] = [:], bins: [String] = []) {
        self.namespaces = namespaces
        self.sets = sets
        self.bins = bins
    }
}
