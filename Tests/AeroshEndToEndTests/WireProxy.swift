import AerospikeTestSupport
import Foundation
import Synchronization

/// A TCP relay on a free loopback port in front of a running `aerosh serve`, that can
/// hold data commands: what `aerosh -h` sees as a node that answers the tend (info and
/// security frames pass both ways) but stalls on AS_MSG, so timeouts can be watched
/// taking effect over the wire from a fresh process. It also records the header of every
/// AS_MSG it sees, so a test can read what a statement put on the wire (its timeout, its
/// write flags).
///
/// The first `holding` AS_MSGs (counted across connections) are held: never forwarded, and
/// the connection they came on stays silent until the client closes it. Later ones pass.
final class WireProxy: Sendable {
    /// One AS_MSG as it arrived, header fields only.
    struct Message: Sendable, Equatable, CustomStringConvertible {
        /// Byte 2 of the AS_MSG header (0x10: durable delete).
        let writeFlags: UInt8
        /// Bytes 14–17: the request's total timeout in milliseconds.
        let timeoutMilliseconds: UInt32
        let held: Bool

        var durableDelete: Bool { writeFlags & 0x10 != 0 }
        var description: String { "AS_MSG(write flags \(writeFlags), timeout \(timeoutMilliseconds) ms\(held ? ", held" : ""))" }
    }

    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let holding: Int
    /// Sent back in place of the reply to each held AS_MSG, when given: bytes no real
    /// server would send (a frame header announcing more than the protocol allows).
    private let answer: [UInt8]?
    private let state = Mutex(State())

    private struct State {
        var messages: [Message] = []
        var sockets: Set<Int32> = []
        var stopped = false
    }

    init(upstreamPort: Int, holding: Int, answer: [UInt8]? = nil) throws {
        self.upstreamPort = upstreamPort
        self.holding = holding
        self.answer = answer
        // Close-on-exec, every socket here: a process another test spawns meanwhile must
        // not keep one open.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 64) == 0 else {
            close(listener)
            throw FixtureFailure("the proxy cannot listen: errno \(errno)")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        try startThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    // Shut down by stop(): this thread is the last to use the descriptor.
                    close(listener)
                    return
                }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                relay(client)
            }
        }
    }

    deinit { stop() }

    /// The AS_MSGs seen so far, in arrival order.
    var messages: [Message] { state.withLock { $0.messages } }

    /// Waits until `count` AS_MSGs have arrived (the proxy reads on threads of its own, so
    /// a request a process sent just before exiting may be logged a moment later).
    func waitForMessages(_ count: Int, within limit: Duration = .seconds(20)) async throws -> [Message] {
        let deadline = ContinuousClock.now + limit
        while messages.count < count {
            guard ContinuousClock.now < deadline else { throw FixtureFailure("the proxy saw \(messages), not \(count) AS_MSGs, within \(limit)") }
            try await Task.sleep(for: .milliseconds(5))
        }
        return messages
    }

    /// Closes the listening socket and ends every relayed connection (once: a descriptor
    /// closed twice could by then be another's, a child process's exit watch say).
    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            // Wakes the accepting thread, which then closes it.
            shutdown(listener, Int32(SHUT_RDWR))
            // Still open: their pumps close them, after taking them out under this lock.
            for descriptor in state.sockets { shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }

    /// The two directions of one relayed connection are done: close both sockets.
    private func finished(_ pair: PumpPair) {
        guard pair.oneDone() else { return }
        state.withLock { state in
            state.sockets.subtract([pair.client, pair.upstream])
            close(pair.client)
            close(pair.upstream)
        }
    }

    private func relay(_ client: Int32) {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else {
            close(client)
            close(upstream)
            return
        }
        let accepted = state.withLock { state -> Bool in
            guard !state.stopped else {
                close(client)
                close(upstream)
                return false
            }
            state.sockets.formUnion([client, upstream])
            return true
        }
        guard accepted else { return }
        let pair = PumpPair(client: client, upstream: upstream)
        // Replies: bytes as they come.
        let replies = startDetached { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(upstream, $0.baseAddress, $0.count, 0) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0, sendAll(client, buffer[..<count]) else { break }
            }
            shutdown(client, Int32(SHUT_RDWR))
            finished(pair)
        }
        // Requests: a frame at a time, so AS_MSGs can be told apart and held.
        let requests = startDetached { [self] in
            var holdingHere = false
            while let header = receiveExactly(client, 8) {
                let size = header[2...].reduce(0) { $0 << 8 | Int($1) }
                guard let body = receiveExactly(client, size) else { break }
                if header[1] == 3 && body.count >= 18 {
                    let held = state.withLock { state -> Bool in
                        let held = holdingHere || state.messages.count < holding
                        state.messages.append(Message(
                            writeFlags: body[2],
                            timeoutMilliseconds: body[14..<18].reduce(0) { $0 << 8 | UInt32($1) },
                            held: held))
                        return held
                    }
                    // Once one is held, the connection goes silent: later frames wait behind
                    // it, as behind a node that stopped answering.
                    holdingHere = holdingHere || held
                    if held, let answer, !sendAll(client, answer[...]) { break }
                }
                if holdingHere { continue }
                guard sendAll(upstream, header[...]), sendAll(upstream, body[...]) else { break }
            }
            shutdown(upstream, Int32(SHUT_RDWR))
            finished(pair)
        }
        for started in [replies, requests] where !started {
            shutdown(client, Int32(SHUT_RDWR))
            finished(pair)
        }
    }
}

/// The sockets of one relayed connection, closed once both directions have ended.
private final class PumpPair: Sendable {
    let client: Int32
    let upstream: Int32
    private let done = Mutex(0)

    init(client: Int32, upstream: Int32) {
        self.client = client
        self.upstream = upstream
    }

    /// Marks one direction done; true for the second.
    func oneDone() -> Bool { done.withLock { $0 += 1; return $0 == 2 } }
}

/// 127.0.0.1:`port`.
func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return address
}

/// Whether nothing listens on 127.0.0.1:`port` (it can be bound).
func portIsFree(_ port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var reuse: Int32 = 1
    setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    var address = loopback(port: port)
    return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
}

/// A loopback port nothing listens on: one the system just handed out and took back.
func closedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }) == 0,
          withUnsafeMutablePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }) == 0
    else { throw FixtureFailure("cannot find a free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A test fixture that could not get where the test needs it; the message says why.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Starts `body` on a thread of its own; false when no thread could be started.
private func startDetached(_ body: @escaping @Sendable () -> Void) -> Bool {
    (try? startThread(body)) != nil
}

private func receiveExactly(_ descriptor: Int32, _ count: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: count)
    var offset = 0
    while offset < count {
        let received = bytes[offset...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if received < 0 && errno == EINTR { continue }
        guard received > 0 else { return nil }
        offset += received
    }
    return bytes
}

private func sendAll(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
    var offset = bytes.startIndex
    while offset < bytes.endIndex {
        let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent < 0 && errno == EINTR { continue }
        guard sent > 0 else { return false }
        offset += sent
    }
    return true
}
