import AerospikeCore

extension AerospikeError {
    /// Bytes that do not decode: a server would answer such a request with PARAMETER_ERROR,
    /// and a client meeting them in a reply can do no better than report the same.
    static func malformed(_ message: String) -> AerospikeError {
        AerospikeError(.parameterError, message: message)
    }
}

/// "1 byte", "3 bytes": messages are read by people.
func bytesPhrase(_ count: Int) -> String {
    count == 1 ? "1 byte" : "\(count) bytes"
}
