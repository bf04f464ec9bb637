/// A value read from a configuration file, with the file it came from (as shown to the
/// user), so SHOW SETTINGS can say where a default was set.
struct Sourced<Value: Sendable & Equatable>: Sendable, Equatable {
    var value: Value
    /// The file's path as shown, `~/…` under the home folder.
    var origin: String
}
