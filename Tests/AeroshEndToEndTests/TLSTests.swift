import AerospikeTestSupport
import Foundation
import Testing

/// TLS end to end: `aerosh serve` with a certificate made at test time, and fresh `aerosh`
/// processes that must verify it (or say, in one line and with status 3, why not).
@Suite("TLS (end to end)")
struct TLSTests {
    static let name = TestCertificates.serverName

    /// A debug server on a loaded two-core machine: allow it time.
    static let patience = ["--timeout", "20000"]

    @Test("PUT and GET over TLS, the name given in the seed or with --tls-name; SHOW SETTINGS says TLS is on")
    func roundTrip() async throws {
        let certificates = try TestCertificates()
        let server = try ServedTLS(arguments: certificates.serveArguments("server"))
        let seedNamed = ["-h", "127.0.0.1:\(Self.name):\(server.tlsPorts[0])", "--tls-enable", "--tls-cafile", certificates.caFile] + Self.patience
        let put = try await Aerosh.run(seedNamed + ["-q", "-c", "PUT test.demo 'k1' {name: 'over tls', n: 7}"])
        #expect(put.status == 0, "\(put.stderr)")

        let flagNamed = ["-h", "127.0.0.1:\(server.tlsPorts[0])", "--tls-enable", "--tls-name", Self.name, "--tls-cafile", certificates.caFile] + Self.patience
        let get = try await Aerosh.run(flagNamed + ["-o", "raw", "-c", "GET test.demo 'k1' BINS name, n"])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stdout.contains("over tls") && get.stdout.contains("7"), "\(get.stdout)")

        // Without a name the certificate is checked against the IP address it has too.
        let byAddress = try await Aerosh.run(["-h", "127.0.0.1:\(server.tlsPorts[0])", "--tls-enable", "--tls-cafile", certificates.caFile] + Self.patience
            + ["-o", "raw", "-c", "GET test.demo 'k1' BINS n"])
        #expect(byAddress.status == 0, "\(byAddress.stderr)")

        let settings = try await Aerosh.run(flagNamed + ["-c", "SHOW SETTINGS"])
        #expect(settings.stdout.contains("TLS       ON (name \(Self.name))"), "\(settings.stdout)")
        #expect(!settings.stdout.contains(".pem"), "\(settings.stdout)")

        // The clear port still serves the same store.
        let clear = try await Aerosh.run(["-h", "127.0.0.1:\(server.ports[0])"] + Self.patience + ["-o", "raw", "-c", "GET test.demo 'k1' BINS n"])
        #expect(clear.status == 0 && clear.stdout.contains("7"), "\(clear.stderr)")
    }

    /// A login is what TLS protects most: the credential goes over the encrypted
    /// connection, a wrong password is still told apart, and nothing is in the clear.
    @Test("-U over TLS: a login to serve --user works, and a wrong password is INVALID_PASSWORD")
    func loginOverTLS() async throws {
        let certificates = try TestCertificates()
        let server = try ServedTLS(arguments: certificates.serveArguments("server") + ["--user", "ann:tls-pw-5"])
        let target = ["-h", "127.0.0.1:\(Self.name):\(server.tlsPorts[0])", "--tls-enable", "--tls-cafile", certificates.caFile, "-U", "ann"] + Self.patience
        let work = try await Aerosh.run(target + ["-o", "raw", "-c", "PUT test.demo 'u' {n: 5}; GET test.demo 'u'"], environment: ["AEROSH_PASSWORD": "tls-pw-5"])
        #expect(work.status == 0 && work.stdout == "5\n", "\(work.stderr)")
        let wrong = try await Aerosh.run(target + ["-c", "GET test.demo 'u'"], environment: ["AEROSH_PASSWORD": "not-it"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("AEROSPIKE_INVALID_PASSWORD (62)"), "\(wrong.stderr)")
    }

    @Test("--nodes 3: peers-tls-std lists each node's TLS port, and fresh processes reach every key's master over TLS")
    func clusterFollowsPeersOverTLS() async throws {
        let certificates = try TestCertificates()
        let server = try ServedTLS(nodes: 3, arguments: certificates.serveArguments("server"))
        let peers = try await infoAnswer("peers-tls-std", port: server.ports[0])
        for port in server.tlsPorts.dropFirst() {
            #expect(peers.contains("[127.0.0.1:\(port)]") && peers.contains(",\(Self.name),"), "\(peers)")
        }
        #expect(try await infoAnswer("service-tls-std", port: server.ports[1]) == "127.0.0.1:\(server.tlsPorts[1])")

        let seed = ["-h", "127.0.0.1:\(Self.name):\(server.tlsPorts[0])", "--tls-enable", "--tls-cafile", certificates.caFile] + Self.patience
        for index in 0..<9 {
            let put = try await Aerosh.run(seed + ["-q", "-c", "PUT test.demo 'key_\(index)' {v: \(index)}"])
            #expect(put.status == 0, "\(put.stderr)")
        }
        let script = (0..<9).map { "GET test.demo 'key_\($0)' BINS v" }.joined(separator: "; ")
        let get = try await Aerosh.run(seed + ["-o", "raw", "-c", script])
        #expect(get.status == 0, "\(get.stderr)")
        for index in 0..<9 { #expect(get.stdout.contains("\(index)")) }
        // Every request reached its key's master: the peers came through peers-tls-std
        // (the clear list is never asked for over TLS), each reached on its TLS port.
        var misrouted: [String] = []
        for port in server.ports { misrouted.append(try await infoAnswer("misrouted", port: port)) }
        #expect(misrouted == ["0", "0", "0"])
    }

    @Test("mutual TLS: serve --tls-cafile refuses a client without a certificate and serves one with")
    func mutualTLS() async throws {
        let certificates = try TestCertificates()
        let server = try ServedTLS(arguments: certificates.serveArguments("server") + ["--tls-cafile", certificates.caFile])
        let seed = ["-h", "127.0.0.1:\(Self.name):\(server.tlsPorts[0])", "--tls-enable", "--tls-cafile", certificates.caFile] + Self.patience
        let without = try await Aerosh.run(seed + ["-c", "PUT test.demo 'm' {v: 1}"])
        #expect(without.status == 3)
        #expect(without.stderr == "error: TLS handshake with 127.0.0.1:\(server.tlsPorts[0]) failed: the server requires a client certificate (give --tls-certfile and --tls-keyfile)\n", "\(without.stderr)")
        #expect(without.stderr.split(separator: "\n").count == 1, "\(without.stderr)")

        let with = try await Aerosh.run(seed + certificates.serveArguments("client") + ["-q", "-c", "PUT test.demo 'm' {v: 1}"])
        #expect(with.status == 0, "\(with.stderr)")
    }

    enum Failure: String, CaseIterable, CustomTestStringConvertible {
        case untrustedCA, wrongName, expired, plainServer
        var testDescription: String { rawValue }
    }

    @Test("a certificate that fails, or a server without TLS, gives one line naming the cause and status 3, soon", arguments: Failure.allCases)
    func failures(_ failure: Failure) async throws {
        let certificates = try TestCertificates()
        var server: ServedTLS?
        var plain: StoreFile?
        var port = 0
        var name = Self.name
        var expected = ""
        switch failure {
        case .untrustedCA:
            server = try ServedTLS(arguments: certificates.serveArguments("untrusted"))
            expected = "certificate is not trusted (not issued by a CA in \(certificates.caFile))"
        case .wrongName:
            server = try ServedTLS(arguments: certificates.serveArguments("server"))
            name = "wrong.example"
            expected = "certificate does not match the TLS name 'wrong.example'"
        case .expired:
            server = try ServedTLS(arguments: certificates.serveArguments("expired"))
            expected = "certificate has expired (the server's certificate was valid until "
        case .plainServer:
            plain = try StoreFile(.served)
            port = plain?.port ?? 0
            expected = "(does it speak TLS on this port?)"
        }
        if let server { port = server.tlsPorts[0] }
        let start = ContinuousClock.now
        let run = try await Aerosh.run(["-h", "127.0.0.1:\(name):\(port)", "--tls-enable", "--tls-cafile", certificates.caFile, "-c", "GET test.demo 'k'"])
        #expect(run.status == 3)
        #expect(run.stderr.hasPrefix("error: TLS handshake with 127.0.0.1:\(port) failed: "), "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(ContinuousClock.now - start < .seconds(15))
        withExtendedLifetime(plain) {}
    }

    @Test("serve's TLS flags: a key without its certificate is a usage error, a missing file is named")
    func serveFlags() async throws {
        let half = try await Aerosh.run(["serve", "--memory", "--port", "0", "--tls-certfile", "/tmp/c.pem"])
        #expect(half.status == 2)
        #expect(half.stderr.contains("--tls-certfile and --tls-keyfile go together"), "\(half.stderr)")
        let missing = try await Aerosh.run(["serve", "--memory", "--port", "0", "--tls-certfile", "/no/such.pem", "--tls-keyfile", "/no/such.key"])
        #expect(missing.status == 3)
        #expect(missing.stderr == "error: cannot read the TLS certificate file /no/such.pem: no such file\n", "\(missing.stderr)")
        let clash = try await Aerosh.run(["serve", "--memory", "--port", "4000", "--nodes", "3", "--tls-port", "4002", "--tls-certfile", "c", "--tls-keyfile", "k"])
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("--tls-port 4002 and --port 4000 overlap"), "\(clash.stderr)")
    }
}

@Suite("TLS from astools.conf (end to end)")
struct TLSConfigFileTests {
    @Test("[cluster]'s tls keys connect over TLS; a flag wins over a key, --no-tls-enable over tls-enable")
    func astoolsKeys() async throws {
        let certificates = try TestCertificates()
        let server = try ServedTLS(arguments: certificates.serveArguments("server"))
        let home = ConfigFilesEndToEndTests.Home()
        defer { home.remove() }
        try home.write("""
            [cluster]
            host = "127.0.0.1:\(server.tlsPorts[0])"
            tls-enable = true
            tls-name = "wrong.example"
            tls-cafile = "\(certificates.caFile)"
            tls-protocols = "TLSv1.2 TLSv1.3"

            """, to: home.userTools)
        let wrong = try await home.run(TLSTests.patience + ["-c", "GET test.demo 'k'"])
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("certificate does not match the TLS name 'wrong.example'"), "\(wrong.stderr)")

        let flagWins = try await home.run(TLSTests.patience + ["--tls-name", TLSTests.name, "-q", "-c", "PUT test.demo 'c' {v: 5}; SHOW SETTINGS"])
        #expect(flagWins.status == 0, "\(flagWins.stderr)")
        #expect(flagWins.stdout.contains("TLS       ON (name \(TLSTests.name))"), "\(flagWins.stdout)")

        let clear = try await home.run(["-h", "127.0.0.1:\(server.ports[0])", "--no-tls-enable"] + TLSTests.patience + ["-o", "raw", "-c", "GET test.demo 'c' BINS v"])
        #expect(clear.status == 0 && clear.stdout.contains("5"), "\(clear.stderr)")

        try home.write("[cluster]\nhost = \"127.0.0.1:\(server.tlsPorts[0])\"\ntls-enable = true\ntls-protocols = \"SSLv3\"\n", to: home.userTools)
        let badProtocols = try await home.run(["-c", "GET test.demo 'k'"])
        #expect(badProtocols.status == 2)
        #expect(badProtocols.stderr == "error: tls-protocols 'SSLv3' in ~/.aerospike/astools.conf SSLv3 is not supported (it is insecure): use TLSv1.2 or TLSv1.3\n", "\(badProtocols.stderr)")
    }
}
