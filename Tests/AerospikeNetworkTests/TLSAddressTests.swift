import AerospikeCore
@testable import AerospikeNetwork
import Testing

/// Where TLS names come from: `host:tls-name:port` seeds as aql takes them, and the TLS
/// name each peer of `peers-tls-std` carries.
@Suite("TLS names in seeds and peers")
struct TLSAddressTests {
    @Test(arguments: [
        ("h", HostAddress(host: "h")),
        ("h:3001", HostAddress(host: "h", port: 3001)),
        ("10.0.0.1:node.example:4333", HostAddress(host: "10.0.0.1", port: 4333, tlsName: "node.example")),
        ("h:abc:4333", HostAddress(host: "h", port: 4333, tlsName: "abc")),
        ("[::1]:4333", HostAddress(host: "::1", port: 4333)),
        ("[::1]:node:4333", HostAddress(host: "::1", port: 4333, tlsName: "node")),
        ("::1", HostAddress(host: "::1")),
        ("fe80::1:4333", HostAddress(host: "fe80::1:4333")),
    ])
    func seeds(text: String, address: HostAddress) {
        #expect(HostAddress(text) == address)
    }

    @Test(arguments: ["h:x", "[::1]:name:", "[::1]:name", ""])
    func badSeeds(text: String) {
        #expect(HostAddress(text) == nil)
    }

    @Test func peersCarryTheirTLSName() throws {
        let parsed = try #require(PeersParser.parse("3,4333,[[A1,node-a.example,[10.0.0.1]],[B2,,[10.0.0.2:4400]]]"))
        #expect(parsed.generation == 3)
        #expect(parsed.peers == [
            PeersParser.Peer(name: "A1", addresses: [HostAddress(host: "10.0.0.1", port: 4333, tlsName: "node-a.example")]),
            PeersParser.Peer(name: "B2", addresses: [HostAddress(host: "10.0.0.2", port: 4400)]),
        ])
    }

    @Test func theServerNameIsTheAddressesOwnElseThePolicysElseTheHost() throws {
        let context = try TLSClientContext(TLSPolicy(name: "cluster.example"))
        #expect(context.serverName(for: HostAddress(host: "10.0.0.1", tlsName: "node.example")) == "node.example")
        #expect(context.serverName(for: HostAddress(host: "10.0.0.1")) == "cluster.example")
        #expect(try TLSClientContext(TLSPolicy()).serverName(for: HostAddress(host: "10.0.0.1")) == "10.0.0.1")
        // SNI carries names only.
        #expect(TLSClientContext.sniName("10.0.0.1") == nil && TLSClientContext.sniName("::1") == nil)
        #expect(TLSClientContext.sniName("node.example") == "node.example")
    }

    @Test(arguments: [
        ("node.example", "node.example", true),
        ("NODE.example", "node.EXAMPLE.", true),
        ("*.example", "node.example", true),
        ("*.example", "a.node.example", false),
        ("*.example", "example", false),
        ("node.example", "other.example", false),
    ])
    func dnsNames(pattern: String, name: String, covered: Bool) {
        #expect(TLSIdentity.dnsName(pattern, covers: name) == covered)
    }

    @Test func ipAddressesAreComparedAsBytes() {
        #expect(TLSIdentity.ipBytes("127.0.0.1") == [127, 0, 0, 1])
        #expect(TLSIdentity.ipBytes("::1") == [UInt8](repeating: 0, count: 15) + [1])
        #expect(TLSIdentity.ipBytes("node.example") == nil)
    }

    @Test func boringSSLReasonsAreNamedWithoutCodesOrPaths() {
        let text = "sslError([Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:NO_SHARED_CIPHER at /x/handshake.cc:99])"
        #expect(TLSFailure.reasonNames(text) == "no shared cipher")
        #expect(TLSFailure.reasonNames("something else") == "something else")
    }

    @Test func unreadableFilesAreNamed() {
        #expect(throws: AerospikeError(.connectionError, message: "cannot read the TLS CA file /no/such/ca.pem: no such file")) {
            try TLSClientContext(TLSPolicy(caFile: "/no/such/ca.pem"))
        }
        #expect(throws: AerospikeError(.connectionError, message: "--tls-certfile needs --tls-keyfile: the certificate's private key")) {
            try TLSClientContext(TLSPolicy(certFile: "/c.pem"))
        }
    }
}
