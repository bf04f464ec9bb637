@testable import AeroshCLI
import Testing

/// aql's bare `-P` ("ask me") becomes the hidden --ask-password before parsing.
@Suite("Password option")
struct PasswordOptionTests {
    @Test(arguments: [
        (["-U", "ann", "-P"], ["-U", "ann", "--ask-password"]),
        (["-U", "ann", "-P", "-c", "GET test.d 'k'"], ["-U", "ann", "--ask-password", "-c", "GET test.d 'k'"]),
        (["-U", "ann", "--password"], ["-U", "ann", "--ask-password"]),
        // A password given stays a password.
        (["-U", "ann", "-P", "s3cret"], ["-U", "ann", "-P", "s3cret"]),
        (["-U", "ann", "--password=-dash"], ["-U", "ann", "--password=-dash"]),
        // The value of another option is never taken for -P.
        (["-c", "-P", "-U", "ann"], ["-c", "-P", "-U", "ann"]),
        (["-U", "-P", "-P", "x"], ["-U", "-P", "-P", "x"]),
        // After "--" everything is an operand; serve has no -P.
        (["--", "-P"], ["--", "-P"]),
        (["serve", "-P"], ["serve", "-P"]),
    ])
    func rewrite(arguments: [String], expected: [String]) {
        #expect(PasswordOption.rewrite(arguments) == expected)
    }
}
