@testable import AeroshCLI
import AerospikeNetwork
import ArgumentParser
import Foundation
import Testing

/// Configuration files: astools.conf's [cluster] and aerosh's config.toml, read from
/// temporary folders (never the machine's own /etc or home).
@Suite("Configuration files")
struct ConfigurationTests {
    /// A home folder with the three files, each written only when given.
    struct Files {
        let root: String
        var locations: ConfigLocations

        init(system: String? = nil, user: String? = nil, aerosh: String? = nil) throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-config-\(UUID().uuidString)").path
            let home = root + "/home"
            self.root = root
            locations = ConfigLocations(environment: { name in
                switch name {
                case "HOME": home
                case "AEROSH_SYSTEM_CONFIG": root + "/etc/astools.conf"
                default: nil
                }
            })
            if let system { try Self.write(system, to: root + "/etc/astools.conf") }
            if let user { try Self.write(user, to: home + "/.aerospike/astools.conf") }
            if let aerosh { try Self.write(aerosh, to: home + "/.config/aerosh/config.toml") }
        }

        static func write(_ text: String, to path: String) throws {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        func load(_ choice: ShellConfiguration.Choice = .init()) throws(ConfigError) -> ShellConfiguration {
            try ShellConfiguration.load(choice, locations: locations)
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func locationsFollowTheEnvironment() {
        let xdg = ConfigLocations(environment: ["HOME": "/home/ann/", "XDG_CONFIG_HOME": "/cfg"].lookup)
        #expect(xdg == ConfigLocations(systemTools: "/etc/aerospike/astools.conf", userTools: "/home/ann/.aerospike/astools.conf", aerosh: "/cfg/aerosh/config.toml", home: "/home/ann"))
        let plain = ConfigLocations(environment: ["HOME": "/home/ann", "XDG_CONFIG_HOME": "relative"].lookup)
        #expect(plain.aerosh == "/home/ann/.config/aerosh/config.toml")
        #expect(plain.shown("/home/ann/.config/aerosh/config.toml") == "~/.config/aerosh/config.toml")
        #expect(plain.shown("/home/annie/x") == "/home/annie/x")
        let homeless = ConfigLocations(environment: [:].lookup)
        #expect(homeless.userTools == nil && homeless.aerosh == nil)
    }

    @Test func noFilesGiveTheBuiltInDefaults() throws {
        let files = try Files()
        defer { files.remove() }
        let configuration = try files.load()
        #expect(configuration == ShellConfiguration())
        #expect(configuration.port(flag: nil) == 3000)
        #expect(configuration.seeds(flagHosts: [], flagPort: nil).isEmpty)
        #expect(configuration.output(flag: nil) == .table)
        #expect(configuration.concurrency(flag: nil) == 1)
    }

    @Test func theUserFileOverridesTheSystemFileKeyByKey() throws {
        let files = try Files(
            system: "[cluster]\nhost = \"sys-a, sys-b:4000\"\nport = 3100\nuser = \"sys\"\n",
            user: "[cluster]\nuser = \"ann\"\npassword = \"pw\"\n")
        defer { files.remove() }
        let configuration = try files.load()
        #expect(configuration.user(flag: nil) == "ann")
        #expect(configuration.cluster.user?.origin == "~/.aerospike/astools.conf")
        #expect(configuration.password(for: "ann") == "pw")
        #expect(configuration.password(for: "bob") == nil, "another user's password is not sent")
        #expect(configuration.seeds(flagHosts: [], flagPort: nil) == [HostAddress(host: "sys-a", port: 3100), HostAddress(host: "sys-b", port: 4000)])
        #expect(configuration.cluster.seeds?.origin == files.root + "/etc/astools.conf")
        // Flags over files: -p for seeds without a port, -h instead of the file's seeds.
        #expect(configuration.seeds(flagHosts: [], flagPort: 3200) == [HostAddress(host: "sys-a", port: 3200), HostAddress(host: "sys-b", port: 4000)])
        #expect(configuration.seeds(flagHosts: ["flag"], flagPort: nil) == [HostAddress(host: "flag", port: 3100)])
        #expect(configuration.user(flag: "bob") == "bob")
    }

    @Test func aerospikeDefaultsApplyUnlessAFlagIsGiven() throws {
        let files = try Files(aerosh: "output = \"json\"\ntimeout = 2500\nconcurrency = 8\ncolor = false\nhistory-size = 50\nprompt = \"%t %% \"\n")
        defer { files.remove() }
        let configuration = try files.load()
        #expect(configuration.output(flag: nil) == .json)
        #expect(configuration.output(flag: .csv) == .csv)
        #expect(configuration.timeout(flag: nil) == 2500)
        #expect(configuration.timeout(flag: 10) == 10)
        #expect(configuration.concurrency(flag: nil) == 8)
        #expect(configuration.noColor(flag: false))
        #expect(configuration.historySize == 50)
        #expect(configuration.promptTemplate == "%t %% ")
        #expect(configuration.settingOrigins(outputFlag: .csv, timeoutFlag: nil, concurrencyFlag: 2) == ["TIMEOUT": "~/.config/aerosh/config.toml"])
    }

    /// As aql: --config-file is read after both defaults (its keys win), --only-config-file
    /// instead of them.
    @Test func anExplicitFileComesLastOrAlone() throws {
        var files = try Files(system: "[cluster]\nhost = \"sys\"\n", user: "[cluster]\nuser = \"ann\"\nport = 3100\n")
        defer { files.remove() }
        let explicit = files.root + "/other.conf"
        try Files.write("[cluster]\nport = 3300\n", to: explicit)
        let after = try files.load(.init(configFile: explicit))
        #expect(after.cluster.seeds?.value == [ConfigSeed(host: "sys")] && after.cluster.user?.value == "ann")
        #expect(after.port(flag: nil) == 3300)
        let alone = try files.load(.init(onlyConfigFile: explicit))
        #expect(alone.cluster.seeds == nil && alone.cluster.user == nil)
        #expect(alone.port(flag: nil) == 3300)
        for choice in [ShellConfiguration.Choice(configFile: files.root + "/missing.conf"), .init(onlyConfigFile: files.root + "/missing.conf")] {
            #expect(throws: ConfigError("configuration file \(files.root)/missing.conf does not exist")) {
                try files.load(choice)
            }
        }
        files.locations.systemTools = files.root + "/nowhere.conf"
        #expect(try files.load().cluster.user?.value == "ann")
    }

    /// aql's [include]: `file` and every file of `directory` (relative to the including
    /// file), read after the file that names them, so their keys win; at most 3 deep.
    @Test func includedFilesAreReadAfterTheFileThatNamesThem() throws {
        let files = try Files(user: "[cluster]\nuser = \"ann\"\nport = 3100\n[include]\nfile = \"more.conf\"\ndirectory = \"conf.d\"\n")
        defer { files.remove() }
        let folder = files.root + "/home/.aerospike"
        try Files.write("[cluster]\nport = 3200\nhost = \"inc\"\n", to: folder + "/more.conf")
        try Files.write("[cluster]\nport = 3300\n", to: folder + "/conf.d/a.conf")
        try Files.write("[aql]\ntimeout = 900\n", to: folder + "/conf.d/b.conf")
        let configuration = try files.load()
        #expect(configuration.cluster.user?.value == "ann" && configuration.cluster.seeds?.value == [ConfigSeed(host: "inc")])
        #expect(configuration.port(flag: nil) == 3300)
        #expect(configuration.timeout(flag: nil) == 900)
        #expect(configuration.cluster.port?.origin == "~/.aerospike/conf.d/a.conf")

        try Files.write("[include]\nfile = \"nope.conf\"\n", to: folder + "/more.conf")
        #expect(throws: ConfigError("configuration file ~/.aerospike/nope.conf does not exist")) { try files.load() }
        // A file that includes itself stops at the depth limit instead of looping.
        try Files.write("[include]\nfile = \"more.conf\"\n", to: folder + "/more.conf")
        #expect(throws: ConfigError("~/.aerospike/more.conf: [include] nests deeper than 3 files")) { try files.load() }
        try Files.write("[include]\nfiles = \"x\"\n", to: folder + "/more.conf")
        #expect(throws: ConfigError("~/.aerospike/more.conf: [include] files is not an [include] key (file or directory)")) { try files.load() }
    }

    /// aql's [aql] (and [aql_NAME]) section gives output and timeouts, under config.toml.
    @Test func theAqlSectionGivesOutputAndTimeouts() throws {
        let files = try Files(user: "[cluster_b]\n[aql]\noutputmode = \"json\"\ntimeout = 700\nsocket-timeout = 300\nthreadpoolsize = 3\ncolour = 1\n[aql_b]\ntimeout = 800\n")
        defer { files.remove() }
        let plain = try files.load()
        #expect(plain.output(flag: nil) == .json && plain.timeout(flag: nil) == 700 && plain.socketTimeout(flag: nil) == 300)
        #expect(plain.socketTimeout(flag: 50) == 50)
        #expect(plain.warnings == ["warning: ~/.aerospike/astools.conf: [aql] unknown key 'colour' passed over"])
        #expect(plain.settingOrigins(outputFlag: nil, timeoutFlag: nil, concurrencyFlag: nil) == ["OUTPUT": "~/.aerospike/astools.conf", "TIMEOUT": "~/.aerospike/astools.conf"])
        let instance = try files.load(.init(instance: "b"))
        #expect(instance.timeout(flag: nil) == 800 && instance.socketTimeout(flag: nil) == 300)
        let withAerosh = try Files(user: "[aql]\noutputmode = \"mute\"\ntimeout = 700\n", aerosh: "timeout = 250\n")
        defer { withAerosh.remove() }
        let both = try withAerosh.load()
        #expect(both.timeout(flag: nil) == 250 && both.output(flag: nil) == .table)
        #expect(both.warnings.first?.contains("outputmode 'mute' passed over") == true)
    }

    @Test func anInstanceSelectsItsSection() throws {
        let files = try Files(user: "[cluster]\nhost = \"main\"\n[cluster_backup]\nhost = \"backup:3009\"\n")
        defer { files.remove() }
        #expect(try files.load(.init(instance: "backup")).seeds(flagHosts: [], flagPort: nil) == [HostAddress(host: "backup", port: 3009)])
        #expect(throws: ConfigError("--instance nope: no [cluster_nope] section (not in ~/.aerospike/astools.conf)")) {
            try files.load(.init(instance: "nope"))
        }
    }

    @Test func noConfigFileReadsNothing() throws {
        let files = try Files(user: "[cluster]\nuser = \"ann\"\n", aerosh: "output = \"json\"\n")
        defer { files.remove() }
        #expect(try files.load(.init(noConfigFile: true)) == ShellConfiguration())
    }

    @Test(arguments: [
        ("[cluster]\nhost = \"a:b:c:d\"\n", "[cluster] host has 'a:b:c:d', which is not host[:tls-name][:port]"),
        ("[cluster]\nport = \"3000\"\n", "[cluster] port must be an integer (a port), not a string"),
        ("[cluster]\nport = 70000\n", "[cluster] port must be from 1 to 65535 (a port), not 70000"),
        ("[cluster]\ntls-enable = \"yes\"\n", "[cluster] tls-enable must be a boolean (true or false), not a string"),
        ("cluster = 1\n", "cluster must be a table ([cluster]), not an integer"),
    ])
    func aWrongClusterValueNamesFileAndKey(text: String, message: String) throws {
        let files = try Files(user: text)
        defer { files.remove() }
        #expect(throws: ConfigError("~/.aerospike/astools.conf: " + message)) { try files.load() }
    }

    @Test(arguments: [
        ("timeout = \"fast\"\n", "timeout must be an integer (milliseconds), not a string"),
        ("timeout = 0\n", "timeout must be from 1 to 2147483647 (milliseconds), not 0"),
        ("output = \"xml\"\n", "output must be one of table, json, jsonl, csv, raw, vertical, not 'xml'"),
        ("color = 1\n", "color must be a boolean (true or false), not an integer"),
        ("concurrency = [1]\n", "concurrency must be an integer (statements at once), not an array"),
    ])
    func aWrongDefaultNamesFileKeyAndType(text: String, message: String) throws {
        let files = try Files(aerosh: text)
        defer { files.remove() }
        #expect(throws: ConfigError("~/.config/aerosh/config.toml: " + message)) { try files.load() }
    }

    @Test func aSyntaxErrorNamesTheLine() throws {
        let files = try Files(aerosh: "output = \"json\"\ntimeout = \n")
        defer { files.remove() }
        #expect {
            try files.load()
        } throws: { error in
            (error as? ConfigError)?.message.hasPrefix("~/.config/aerosh/config.toml:2:") == true
        }
    }

    @Test func unknownKeysAreWarnedAboutAndPassedOver() throws {
        let files = try Files(user: "[cluster]\ntls-keyfile = \"k\"\n[aql]\nfoo = 1\n", aerosh: "outptu = \"json\"\ntimeout = 10\n")
        defer { files.remove() }
        let configuration = try files.load()
        #expect(configuration.warnings == [
            "warning: ~/.aerospike/astools.conf: [aql] unknown key 'foo' passed over",
            "warning: ~/.config/aerosh/config.toml: unknown key 'outptu' passed over (known: color, concurrency, history-size, output, prompt, timeout)"])
        #expect(configuration.timeout(flag: nil) == 10)
    }

    @Test func tlsKeysMakeThePolicyAndFlagsWinOverThem() throws {
        let files = try Files(user: """
            [cluster]
            tls-enable = true
            tls-name = "node"
            tls-cafile = "/ca.pem"
            tls-capath = "/cas"
            tls-certfile = "/client.pem"
            tls-keyfile = "/client.key"
            tls-protocols = "-all +TLSv1.3"

            """)
        defer { files.remove() }
        let configuration = try files.load()
        let fromFile = try #require(try configuration.tlsPolicy(flags: TLSOptions.parse([])))
        #expect(fromFile == TLSPolicy(
            name: "node", caFile: "/ca.pem", caPath: "/cas", certFile: "/client.pem", keyFile: "/client.key",
            protocols: TLSProtocols(minimum: .tls1_3, maximum: .tls1_3)))
        let flags = try TLSOptions.parse(["--tls-name", "other", "--tls-cafile", "/other.pem", "--tls-protocols", "TLSv1.2"])
        let overridden = try #require(try configuration.tlsPolicy(flags: flags))
        #expect(overridden.name == "other" && overridden.caFile == "/other.pem" && overridden.caPath == "/cas")
        #expect(overridden.protocols == TLSProtocols(minimum: .tls1_2, maximum: .tls1_2))
        #expect(try configuration.tlsPolicy(flags: TLSOptions.parse(["--no-tls-enable"])) == nil)
        // A value that starts with a dash is still the flag's value.
        let dashed = try #require(try configuration.tlsPolicy(flags: TLSOptions.parse(["--tls-protocols", "-all +TLSv1.2"])))
        #expect(dashed.protocols == TLSProtocols(minimum: .tls1_2, maximum: .tls1_2))
        #expect(try ShellConfiguration().tlsPolicy(flags: TLSOptions.parse([])) == nil)
        #expect(try ShellConfiguration().tlsPolicy(flags: TLSOptions.parse(["--tls-enable"])) == TLSPolicy())
    }

    @Test(arguments: [
        ("TLSv1.2 TLSv1.3", TLSProtocols(minimum: .tls1_2, maximum: .tls1_3)),
        ("-all +TLSv1.2", TLSProtocols(minimum: .tls1_2, maximum: .tls1_2)),
        ("all -TLSv1 -TLSv1.1", TLSProtocols(minimum: .tls1_2, maximum: .tls1_3)),
        ("+TLSv1.3", TLSProtocols(minimum: .tls1_3, maximum: .tls1_3)),
    ])
    func tlsProtocolsAreAqlSyntax(text: String, protocols: TLSProtocols) throws {
        #expect(try TLSProtocols(parsing: text) == protocols)
    }

    @Test(arguments: ["SSLv3", "TLSv1 TLSv1.3", "-all", "TLSv9", ""])
    func badTLSProtocolsAreRefused(text: String) {
        #expect(throws: TLSProtocolsError.self) { try TLSProtocols(parsing: text) }
    }

    @Test(arguments: [
        ("h", ConfigSeed(host: "h")),
        ("h:3001", ConfigSeed(host: "h", port: 3001)),
        ("h:tls1", ConfigSeed(host: "h", tlsName: "tls1")),
        ("h:tls1:3001", ConfigSeed(host: "h", tlsName: "tls1", port: 3001)),
        ("[::1]:3001", ConfigSeed(host: "::1", port: 3001)),
        ("[::1]:t:3001", ConfigSeed(host: "::1", tlsName: "t", port: 3001)),
    ])
    func seedsAreHostTlsNamePort(text: String, seed: ConfigSeed) {
        #expect(ConfigSeed(Substring(text)) == seed)
    }

    @Test(arguments: ["", ":3000", "h:0", "h:t:x", "[::1", "h::3000"])
    func badSeedsAreRefused(text: String) {
        #expect(ConfigSeed(Substring(text)) == nil)
    }
}

extension Dictionary where Key == String, Value == String {
    fileprivate var lookup: (String) -> String? { { self[$0] } }
}
