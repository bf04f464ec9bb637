import Foundation

/// Certificates made by `openssl` in a temporary folder when a test starts, so nothing
/// checked in ever expires: a CA, a server certificate it issued for `aerosh.test` and
/// 127.0.0.1, an expired one, one from a CA the client does not trust, and a client
/// certificate for mutual TLS. EC P-256 keys: quick to make.
final class TestCertificates: @unchecked Sendable {
    static let serverName = "aerosh.test"

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try makeCA("ca")
        try makeCA("other-ca")
        let names = "subjectAltName=DNS:\(Self.serverName),IP:127.0.0.1\n"
        try issue("server", by: "ca", subject: Self.serverName, extensions: names, days: 2)
        try issue("expired", by: "ca", subject: Self.serverName, extensions: names, days: -1)
        try issue("untrusted", by: "other-ca", subject: Self.serverName, extensions: names, days: 2)
        try issue("client", by: "ca", subject: "aerosh-client", extensions: "extendedKeyUsage=clientAuth\n", days: 2)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    var caFile: String { path("ca.pem") }
    var otherCAFile: String { path("other-ca.pem") }

    /// `--tls-certfile` and `--tls-keyfile` for serve (or a client) with certificate `name`.
    func serveArguments(_ name: String) -> [String] {
        ["--tls-certfile", path("\(name).pem"), "--tls-keyfile", path("\(name).key")]
    }

    private func makeCA(_ name: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", "/CN=aerosh test \(name)",
        ])
    }

    /// `days` -1 makes a certificate that expired the moment it was made.
    private func issue(_ name: String, by ca: String, subject: String, extensions: String, days: Int) throws {
        try extensions.write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(subject)",
        ])
        try openssl([
            "x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"),
            "-set_serial", "\(Int.random(in: 1...Int(Int32.max)))", "-out", path("\(name).pem"), "-days", "\(days)",
            "-extfile", path("\(name).ext"),
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))",
            ])
        }
    }
}
