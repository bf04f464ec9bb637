/// A configuration file that cannot be used: the message names the file (and the key), and
/// the status is the one the process ends with (2 for a bad file, 3 for TLS asked for).
struct ConfigError: Error, Sendable, Equatable {
    let message: String
    let status: ExitStatus

    init(_ message: String, status: ExitStatus = .usage) {
        self.message = message
        self.status = status
    }
}
