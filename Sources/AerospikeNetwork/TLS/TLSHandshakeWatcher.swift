import NIOCore
import NIOSSL
import NIOTLS
import Synchronization

/// Completes a promise when the TLS handshake ends, so that connecting waits for it and
/// reports its failure itself, instead of a first request finding a dead connection.
/// NIOSSL tells success with a user event and failure with an error; a server that does
/// not speak TLS may instead just close the connection, or say nothing until the deadline.
/// Once the chain verified, it checks that the certificate carries the TLS name
/// (`TLSIdentity`). It stays in the pipeline after, to keep the first TLS error for the
/// request that meets a connection the server refused late (`TLSErrorLog`).
final class TLSHandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private let deadline: NIODeadline
    /// The name the certificate must carry; nil checks none (the diagnosis handshake).
    private let expectedName: String?
    private let log: TLSErrorLog
    private var timeout: Scheduled<Void>?

    init(promise: EventLoopPromise<Void>, deadline: NIODeadline, expectedName: String?, log: TLSErrorLog = TLSErrorLog()) {
        self.promise = promise
        self.deadline = deadline
        self.expectedName = expectedName
        self.log = log
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
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        log.record(error)
        // Completing a promise twice is harmless: only the first outcome counts.
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(TLSHandshakeClosed())
        context.fireChannelInactive()
    }
}

/// The first error a TLS connection met, as text. With TLS 1.3 a server judges the
/// client's certificate after the client's side of the handshake is done: its refusal
/// reaches the pipeline while the first request is under way, and the request may fail
/// first with "I/O on closed channel"; this keeps the reason for its message.
final class TLSErrorLog: Sendable {
    private let first = Mutex<String?>(nil)

    func record(_ error: any Error) {
        first.withLock { $0 = $0 ?? "\(error)" }
    }

    var text: String? { first.withLock { $0 } }
}

/// The server said nothing in TLS before the connect timeout.
struct TLSHandshakeTimedOut: Error {}

/// The server closed the connection before the handshake completed.
struct TLSHandshakeClosed: Error {}
