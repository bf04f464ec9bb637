import AerospikeTestSupport
import Foundation
import Testing

/// astools.conf and config.toml, end to end: the built binary in a fresh process whose
/// HOME, XDG_CONFIG_HOME and AEROSH_SYSTEM_CONFIG point into a temporary folder, so the
/// machine's own files are never read.
@Suite("Configuration files (end to end)")
struct ConfigFilesEndToEndTests {
    /// A temporary home with a system astools.conf beside it.
    struct Home {
        let root: String
        var home: String { root + "/home" }
        var systemTools: String { root + "/etc/astools.conf" }
        var userTools: String { home + "/.aerospike/astools.conf" }
        var aerosh: String { home + "/.config/aerosh/config.toml" }

        init() {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-home-\(UUID().uuidString)").path
        }

        func write(_ text: String, to path: String) throws {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        func run(_ arguments: [String]) async throws -> AeroshRun {
            try await Aerosh.run(arguments, environment: [
                "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "AEROSH_SYSTEM_CONFIG": systemTools,
            ])
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// A port nothing listens on: a seed there cannot be reached.
    static let deadSeed = "127.0.0.1:1"

    @Test func theUserFileOverridesTheSystemFileAndFlagsOverrideBoth() async throws {
        let store = try StoreFile(.served)
        let home = Home()
        defer { home.remove() }
        // The system file names a host and a dead port; the user's file overrides only the
        // port, key by key, so the host still comes from the system file.
        try home.write("[cluster]\nhost = \"127.0.0.1\"\nport = 1\n", to: home.systemTools)
        let system = try await home.run(["-T", "20000", "-c", "PUT test.demo 'k' {v: 1}"])
        #expect(system.status == 3, "\(system.stderr)")
        #expect(system.stderr.contains("127.0.0.1:1"), "\(system.stderr)")

        try home.write("[cluster]\nport = \(store.port)\n", to: home.userTools)
        let user = try await home.run(["-T", "20000", "-q", "-c", "PUT test.demo 'k' {v: 1}"])
        #expect(user.status == 0, "\(user.stderr)")

        // The command line over both files: -h to a dead seed wins over the user's port.
        let flags = try await home.run(["-h", Self.deadSeed, "-c", "GET test.demo 'k'"])
        #expect(flags.status == 3, "\(flags.stderr)")
        // And -p over the files' port for their seeds.
        let port = try await home.run(["-p", "1", "-c", "GET test.demo 'k'"])
        #expect(port.status == 3, "\(port.stderr)")
    }

    @Test func aerospikeConfigSetsDefaultsAndFlagsOverrideThem() async throws {
        let home = Home()
        defer { home.remove() }
        try home.write("output = \"json\"\ntimeout = 2500\nconcurrency = 4\n", to: home.aerosh)
        let shown = try await home.run(["--embedded", ":memory:", "-q", "-c", "SHOW SETTINGS"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("OUTPUT    JSON      from ~/.config/aerosh/config.toml"), "\(shown.stdout)")
        #expect(lines.contains("TIMEOUT   2500ms    from ~/.config/aerosh/config.toml"), "\(shown.stdout)")
        #expect(lines.contains("CONCURRENCY 4         from ~/.config/aerosh/config.toml"), "\(shown.stdout)")
        #expect(lines.contains("TTL       DEFAULT"), "values from no file keep two columns")

        // A flag, and SET, take the value away from the file.
        let flagged = try await home.run(["--embedded", ":memory:", "-q", "-o", "csv", "-T", "700", "-c", "SET CONCURRENCY 2; SHOW SETTINGS"])
        let flaggedLines = flagged.stdout.split(separator: "\n").map(String.init)
        #expect(flaggedLines.contains("OUTPUT    CSV"), "\(flagged.stdout)")
        #expect(flaggedLines.contains("TIMEOUT   700ms"), "\(flagged.stdout)")
        #expect(flaggedLines.contains("CONCURRENCY 2"), "\(flagged.stdout)")

        // The file's output format is used for results.
        let result = try await home.run(["--embedded", ":memory:", "-q", "-c", "PUT test.demo 'a' {v: 1}; GET test.demo 'a'"])
        #expect(result.stdout.hasPrefix("{"), "\(result.stdout)")
    }

    @Test func anInstanceChoosesItsSection() async throws {
        let store = try StoreFile(.served)
        let home = Home()
        defer { home.remove() }
        try home.write("""
            [cluster]
            host = "\(Self.deadSeed)"

            [cluster_test]
            host = "127.0.0.1:\(store.port)"
            """, to: home.userTools)
        let plain = try await home.run(["-c", "GET test.demo 'k'"])
        #expect(plain.status == 3, "\(plain.stderr)")
        let instance = try await home.run(["--instance", "test", "-T", "20000", "-q", "-c", "PUT test.demo 'k' {v: 1}"])
        #expect(instance.status == 0, "\(instance.stderr)")
        let missing = try await home.run(["--instance", "nope", "-c", "GET test.demo 'k'"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: --instance nope: no [cluster_nope] section (not in ~/.aerospike/astools.conf)\n")
    }

    @Test func configFileAndNoConfigFile() async throws {
        let home = Home()
        defer { home.remove() }
        try home.write("[cluster]\ntls-enable = true\n", to: home.userTools)
        try home.write("output = \"json\"\n", to: home.aerosh)
        let none = try await home.run(["--no-config-file", "--embedded", ":memory:", "-q", "-c", "SHOW SETTINGS"])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.hasPrefix("OUTPUT    TABLE\n"), "\(none.stdout)")

        // --only-config-file replaces the user's astools.conf (and its tls-enable).
        let other = home.root + "/other.conf"
        try home.write("[cluster]\nhost = \"\(Self.deadSeed)\"\n", to: other)
        let explicit = try await home.run(["--only-config-file", other, "-c", "GET test.demo 'k'"])
        #expect(explicit.status == 3)
        #expect(explicit.stderr.contains("127.0.0.1:1") && !explicit.stderr.contains("TLS"), "\(explicit.stderr)")
        // --config-file is read after it, as aql reads it: its host wins, the rest stays.
        let after = try await home.run(["--config-file", other, "-c", "GET test.demo 'k'"])
        #expect(after.status == 3, "\(after.stderr)")

        for option in ["--config-file", "--only-config-file"] {
            let missing = try await home.run([option, home.root + "/missing.conf", "-c", "GET test.demo 'k'"])
            #expect(missing.status == 2)
            #expect(missing.stderr == "error: configuration file \(home.root)/missing.conf does not exist\n")
        }
    }

    @Test func badValuesAreErrorsNamingFileKeyAndType() async throws {
        let home = Home()
        defer { home.remove() }
        try home.write("timeout = \"fast\"\n", to: home.aerosh)
        let wrongType = try await home.run(["--embedded", ":memory:", "-c", "SHOW SETTINGS"])
        #expect(wrongType.status == 2)
        #expect(wrongType.stdout.isEmpty)
        #expect(wrongType.stderr == "error: ~/.config/aerosh/config.toml: timeout must be an integer (milliseconds), not a string\n")

        try home.write("colour = false\ntimeout = 100\n", to: home.aerosh)
        let unknown = try await home.run(["--embedded", ":memory:", "-q", "-c", "SHOW SETTINGS"])
        #expect(unknown.status == 0)
        #expect(unknown.stderr.hasPrefix("warning: ~/.config/aerosh/config.toml: unknown key 'colour' passed over"), "\(unknown.stderr)")

        // TLS asked for by a file is used (TLSTests connect with it); a seed that is not
        // there is still a seed that is not there.
        try home.write("[cluster]\nhost = \"\(Self.deadSeed)\"\ntls-enable = true\n", to: home.systemTools)
        let tls = try await home.run(["--no-color", "-c", "GET test.demo 'k'"])
        #expect(tls.status == 3)
        #expect(tls.stderr.hasSuffix("\nerror: cannot connect to \(Self.deadSeed): connection refused\n"), "\(tls.stderr)")
    }
}
