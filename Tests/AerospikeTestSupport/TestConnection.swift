#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to a server on loopback, for tests that speak raw frames.
///
/// Its socket calls block, so they run on threads of their own (`onOwnThread`): blocking
/// the threads that run tasks would starve an in-process server of the threads it needs
/// to answer. The default
/// timeout is generous because CPU-heavy suites share those few threads with the server
/// when the whole test run goes in parallel on two cores.
public final class TestConnection: @unchecked Sendable {
    public enum Failure: Error, Equatable {
        case connect(Int32)
        /// The peer closed the connection (or reset it).
        case closed
        case timedOut
    }

    private let descriptor: Int32

    public init(port: Int, timeoutSeconds: Int = 30) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure.connect(errno)
        }
    }

    deinit { close(descriptor) }

    public func send(_ bytes: [UInt8]) async throws {
        try await offload { try self.sendBlocking(bytes) }
    }

    /// One whole frame: the 8-byte header and its body.
    public func receiveFrame() async throws -> (type: UInt8, body: [UInt8]) {
        try await offload { try self.receiveFrameBlocking() }
    }

    /// One whole frame with its header as it came (version, type, 48-bit size), for tests
    /// that check the framing itself.
    public func receiveRawFrame() async throws -> (header: [UInt8], body: [UInt8]) {
        try await offload {
            let header = try self.receive(exactly: 8)
            let size = header[2...].reduce(0) { $0 << 8 | Int($1) }
            return (header, try self.receive(exactly: size))
        }
    }

    private func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await onOwnThread(body)
    }

    func sendBlocking(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure.closed }
            offset += sent
        }
    }

    func receive(exactly count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = bytes[offset...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received == 0 { throw Failure.closed }
            if received < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timedOut }
                if errno == EINTR { continue }
                throw Failure.closed
            }
            offset += received
        }
        return bytes
    }

    func receiveFrameBlocking() throws -> (type: UInt8, body: [UInt8]) {
        let header = try receive(exactly: 8)
        let size = header[2...].reduce(0) { $0 << 8 | Int($1) }
        return (header[1], try receive(exactly: size))
    }

    public static func frame(type: UInt8, body: [UInt8]) -> [UInt8] {
        let size = UInt64(body.count)
        return [2, type] + (0..<6).reversed().map { UInt8(truncatingIfNeeded: size >> (8 * UInt64($0))) } + body
    }
}
