/// The one error type of the client core: a result code, the key it concerns when there
/// is one, and a sentence for people.
///
/// `description` is safe to print to a terminal (it never carries credentials);
/// `debugDescription` adds the underlying cause.
public struct AerospikeError: Error, Sendable, Hashable {
    public var code: ResultCode
    public var key: Key?
    /// Extra detail beyond the code's name ("bin 'age' holds a string").
    public var message: String?
    /// The error this one wraps (an I/O or SQLite failure), as text.
    public var underlying: String?
    /// The record's metadata when the failure concerns a record that exists: a server
    /// reports the current generation with RECORD_EXISTS and GENERATION errors, which is
    /// what an optimistic-locking retry needs.
    public var metadata: RecordMetadata?

    public init(_ code: ResultCode, key: Key? = nil, message: String? = nil, underlying: String? = nil, metadata: RecordMetadata? = nil) {
        self.code = code
        self.key = key
        self.message = message
        self.underlying = underlying
        self.metadata = metadata
    }
}

extension AerospikeError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        var text = code.description
        if let message { text += ": \(message)" }
        return text
    }

    public var debugDescription: String {
        var text = description
        if let key { text += " [key \(key.namespace).\(key.set ?? "") \(key.digest.hex)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
