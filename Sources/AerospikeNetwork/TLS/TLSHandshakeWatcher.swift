import NIOCore
import NIOSSL
import NIOTLS

/// Completes a promise when the TLS handshake ends, so that connecting waits for it and
/// reports its failure itself, instead of a first request finding a dead connection.
/// NIOSSL tells success with a user event and failure with an error; a server that does
/// not speak TLS may instead just close the connection, or say nothing until the deadline.
/// Once the chain verified, it checks that the certificate carries the TLS name
/// (`TLSIdentity`).
final class TLSHandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private let deadline: NIODeadline
    /// The name the certificate must carry; nil checks none (the diagnosis handshake).
    private let expectedName: String?
    private var timeout: Scheduled<Void>?

    init(promise: EventLoopPromise<Void>, deadline: NIODeadline, expectedName: String?) {
        self.promise = promise
        self.deadline = deadline
        self.expectedName = expectedName
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let promise = self.promise
        timeout = context.eventLoop.scheduleTask(deadline: deadline) { promise.fail(TLSHandshakeTimedOut()) }
        promise.futureResult.whenComplete { [timeout] _ in timeout?.cancel() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            if let expectedName {
                let certificate = try? context.pipeline.syncOperations.nioSSL_peerCertificate()
                guard let certificate, TLSIdentity.matches(certificate, name: expectedName) else {
                    promise.fail(TLSNameMismatch())
                    context.close(promise: nil)
                    return
                }
            }
            promise.succeed(())
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Completing a promise twice is harmless: only the first outcome counts.
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(TLSHandshakeClosed())
        context.fireChannelInactive()
    }
}

/// The server said nothing in TLS before the connect timeout.
struct TLSHandshakeTimedOut: Error {}

/// The server closed the connection before the handshake completed.
struct TLSHandshakeClosed: Error {}
