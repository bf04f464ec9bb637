import CAeroshBuildInfo

public enum AeroshVersion {
    public static let current = "0.1.0"

    /// The git revision of the build (`1a2b3c4`, `1a2b3c4-dirty`), or `unknown` for a build
    /// that was not told (a plain `swift build`; the Makefile tells it).
    public static var gitRevision: String {
        String(cString: aerosh_git_revision())
    }

    /// What `aerosh --version` prints: `aerosh 0.1.0 (git 1a2b3c4)`.
    public static var description: String {
        "aerosh \(current) (git \(gitRevision))"
    }
}
