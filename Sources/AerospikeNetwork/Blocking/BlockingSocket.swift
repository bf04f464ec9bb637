import AerospikeCore
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket that the calling thread writes and reads itself, each wait bounded by the
/// socket's send and receive timeouts (`SO_SNDTIMEO`, `SO_RCVTIMEO`): a request costs a
/// `send` and a `recv`, with no event loop, poll or thread in between.
///
/// Another thread may only `shutDown()` it (a cancelled command, a pool being closed),
/// which wakes a `recv` or `send` blocked on it. The descriptor itself is closed when the
/// socket is released, so it cannot be reused under a thread still blocked on it.
final class BlockingSocket: Sendable {
    private let descriptor: Int32
    private let shut = Atomic<Bool>(false)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        _ = Glibc.close(descriptor)
    }

    /// Whether `shutDown()` has been called.
    var isShut: Bool { shut.load(ordering: .relaxed) }

    /// Ends both directions: a thread blocked on the socket wakes (its `recv` reads the
    /// end), and every later call fails.
    func shutDown() {
        shut.store(true, ordering: .relaxed)
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }

    // MARK: - Connecting

    /// Connects within `timeout`, to an IP literal directly or to each address a host name
    /// resolves to in turn. Errors are `IOError`s naming the call, `SocketTimedOut`, or
    /// `HostNotResolved`.
    static func connect(host: String, port: Int, timeout: Duration) throws -> BlockingSocket {
        let deadline = ContinuousClock.now + timeout
        var failure: any Error = SocketTimedOut()
        for address in try addresses(host: host, port: port) {
            do {
                return try connect(to: address, deadline: deadline)
            } catch {
                failure = error
                if ContinuousClock.now >= deadline { break }
            }
        }
        throw failure
    }

    /// A resolved address: its family and the bytes of its `sockaddr`.
    private struct Address {
        var family: Int32
        var storage: sockaddr_storage
        var length: socklen_t
    }

    /// An IP literal (the usual case: seeds such as 127.0.0.1, and every peer a cluster
    /// names) is read as one, asking no resolver (`AI_NUMERICHOST`); only a name is looked
    /// up.
    private static func addresses(host: String, port: Int) throws -> [Address] {
        if let literal = try? resolve(host: host, port: port, flags: AI_NUMERICSERV | AI_NUMERICHOST) { return literal }
        return try resolve(host: host, port: port, flags: AI_NUMERICSERV)
    }

    /// The addresses getaddrinfo gives for `host`, in its order.
    private static func resolve(host: String, port: Int, flags: Int32) throws -> [Address] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = flags
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw HostNotResolved(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var found: [Address] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            if let socketAddress = info.pointee.ai_addr, info.pointee.ai_addrlen <= socklen_t(MemoryLayout<sockaddr_storage>.size) {
                var address = Address(family: info.pointee.ai_family, storage: sockaddr_storage(), length: info.pointee.ai_addrlen)
                withUnsafeMutableBytes(of: &address.storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: socketAddress, count: Int(info.pointee.ai_addrlen)))
                }
                found.append(address)
            }
            entry = info.pointee.ai_next
        }
        guard !found.isEmpty else { throw HostNotResolved(host: host, reason: "no address") }
        return found
    }

    /// A non-blocking connect waited for with poll (so it keeps the deadline), then a
    /// blocking socket with Nagle off.
    private static func connect(to address: Address, deadline: ContinuousClock.Instant) throws -> BlockingSocket {
        let descriptor = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_TCP))
        guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
        let socket = BlockingSocket(descriptor: descriptor)
        var storage = address.storage
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, address.length) }
        }
        if status != 0 {
            guard errno == EINPROGRESS else { throw IOError(errnoCode: errno, reason: "connect") }
            var poll = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            while true {
                let ready = Glibc.poll(&poll, 1, milliseconds(until: deadline))
                if ready > 0 { break }
                if ready == 0 { throw SocketTimedOut() }
                if errno != EINTR { throw IOError(errnoCode: errno, reason: "poll") }
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { throw IOError(errnoCode: errno, reason: "getsockopt") }
            guard error == 0 else { throw IOError(errnoCode: error, reason: "connect") }
        }
        var on: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) == 0 else { throw IOError(errnoCode: errno, reason: "fcntl") }
        return socket
    }

    /// Whole milliseconds until `deadline`, rounded up, at least 0 (poll's timeout).
    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = deadline - .now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    // MARK: - Sending and receiving

    /// Bounds each later `send` and `recv` by `timeout` (at least a microsecond: zero
    /// would mean no bound).
    func setTimeouts(_ timeout: Duration) throws {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(max(0, seconds)), tv_usec: Int(max(0, attoseconds / 1_000_000_000_000)))
        if value.tv_sec == 0 && value.tv_usec == 0 { value.tv_usec = 1 }
        let size = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, size) == 0,
              setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, size) == 0
        else { throw IOError(errnoCode: errno, reason: "setsockopt") }
    }

    /// Sends all of `bytes`. `false` when the send timeout passed first.
    func send(_ bytes: UnsafeRawBufferPointer) throws -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = Glibc.send(descriptor, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if count >= 0 {
                sent += count
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return false
            case let code: throw IOError(errnoCode: code, reason: "send")
            }
        }
        return true
    }

    /// What the receive timeout allowed to arrive: some bytes into `into`, the peer's
    /// end of the connection, or nothing yet.
    enum Received {
        case bytes(Int)
        case end
        case timedOut
    }

    /// Waits for bytes, within the receive timeout; with `wait`, polling first as it says.
    func receive(into buffer: UnsafeMutableRawBufferPointer, wait: inout PollBeforeSleep) throws -> Received {
        guard wait.limit > 0 else { return try receive(into: buffer, flags: 0) }
        let started = PollBeforeSleep.now()
        repeat {
            // Without waiting: nothing yet reads as a timeout.
            let polled = try receive(into: buffer, flags: Int32(MSG_DONTWAIT))
            if case .timedOut = polled { continue }
            return polled
        } while PollBeforeSleep.now() - started < wait.limit
        let received = try receive(into: buffer, flags: 0)
        if case .bytes = received { wait.slept(waited: PollBeforeSleep.now() - started) }
        return received
    }

    private func receive(into buffer: UnsafeMutableRawBufferPointer, flags: Int32) throws -> Received {
        while true {
            let count = Glibc.recv(descriptor, buffer.baseAddress!, buffer.count, flags)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .end }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .timedOut
            case let code: throw IOError(errnoCode: code, reason: "recv")
            }
        }
    }
}

/// A connection or a reply that did not come within its time.
struct SocketTimedOut: Error {}

/// A host name that no address could be found for.
struct HostNotResolved: Error, CustomStringConvertible {
    let host: String
    let reason: String
    var description: String { "cannot resolve \(host): \(reason)" }
}
