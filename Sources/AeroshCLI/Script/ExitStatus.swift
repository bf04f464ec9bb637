/// The exit statuses of LANGUAGE.md "Command line".
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// A statement failed.
    case statementFailed = 1
    /// Bad usage or a syntax error: nothing was executed.
    case usage = 2
    /// The store or server could not be reached.
    case cannotConnect = 3
}
