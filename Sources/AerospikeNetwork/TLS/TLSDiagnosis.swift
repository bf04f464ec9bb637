import AerospikeCore
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Turns a failed handshake into the error users see, one line that says what failed. A
/// chain that did not verify costs a second handshake, to read the chain and tell an
/// expired certificate from an untrusted one; only failures pay for it.
enum TLSDiagnosis {
    static func error(
        _ error: any Error, address: HostAddress, context: TLSClientContext, group: any EventLoopGroup, timeout: Duration
    ) async -> AerospikeError {
        let description: String
        switch TLSFailure.reason(error, serverName: context.serverName(for: address), context: context) {
        case .described(let text):
            description = text
        case .verificationFailed:
            let chain = await serverChain(address: address, context: context, group: group, timeout: timeout)
            description = TLSFailure.explainVerification(chain: chain, context: context)
        }
        return AerospikeError(.connectionError, message: "TLS handshake with \(address) failed: \(description)", underlying: "\(error)")
    }

    /// The certificates the server presents, through a handshake that is always refused
    /// once they are recorded; nil when they could not be had.
    private static func serverChain(address: HostAddress, context: TLSClientContext, group: any EventLoopGroup, timeout: Duration) async -> [NIOSSLCertificate]? {
        let recorded = Mutex<[NIOSSLCertificate]?>(nil)
        let loop = group.next()
        let done = loop.makePromise(of: Void.self)
        let deadline = NIODeadline.now() + timeout.timeAmount
        do {
            let channel = try await ClientBootstrap(group: loop)
                .connectTimeout(timeout.timeAmount)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try context.makeDiagnosisHandler(for: address) { chain in recorded.withLock { $0 = chain } }
                        try channel.pipeline.syncOperations.addHandler(handler)
                        try channel.pipeline.syncOperations.addHandler(TLSHandshakeWatcher(promise: done, deadline: deadline, expectedName: nil))
                    }
                }
                .connect(host: address.host, port: address.port)
                .get()
            _ = try? await done.futureResult.get()
            try? await channel.close()
        } catch {
            done.fail(error)
        }
        return recorded.withLock { $0 }
    }
}

extension Duration {
    /// The same span as NIO's `TimeAmount`, to the nanosecond.
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}
