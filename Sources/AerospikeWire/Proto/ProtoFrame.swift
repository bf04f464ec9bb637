import NIOCore

/// The kind of message behind a proto header (byte 1).
public struct ProtoType: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Text info commands.
    public static let info = ProtoType(rawValue: 1)
    /// Security: login and user administration.
    public static let admin = ProtoType(rawValue: 2)
    /// AS_MSG data commands.
    public static let message = ProtoType(rawValue: 3)
    /// An AS_MSG compressed with zlib.
    public static let compressedMessage = ProtoType(rawValue: 4)
}

/// One message of the wire protocol: an 8-byte header (version 2, type, 48-bit size)
/// and the body it announces.
public struct ProtoFrame: Sendable, Hashable {
    public static let version: UInt8 = 2
    public static let headerSize = 8
    /// Servers refuse larger frames (PROTO_SIZE_MAX).
    public static let maxBodySize = 128 * 1024 * 1024

    public var version: UInt8
    public var type: ProtoType
    public var body: ByteBuffer

    public init(version: UInt8 = ProtoFrame.version, type: ProtoType, body: ByteBuffer) {
        self.version = version
        self.type = type
        self.body = body
    }

    /// Writes header and body.
    public func write(to buffer: inout ByteBuffer) {
        ProtoFrame.writeHeader(version: version, type: type, size: body.readableBytes, to: &buffer)
        var body = body
        buffer.writeBuffer(&body)
    }

    public static func writeHeader(version: UInt8 = ProtoFrame.version, type: ProtoType, size: Int, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt64(version) << 56 | UInt64(type.rawValue) << 48 | UInt64(size))
    }
}

/// Why a byte stream could not be cut into frames. After any of these the stream cannot
/// be resynchronised: the connection is closed, as a server does.
public enum ProtoFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unsupportedVersion(UInt8)
    case frameTooLarge(Int)

    /// What a user reads after "connection to HOST failed: ".
    public var description: String {
        switch self {
        case .unsupportedVersion(let version):
            "a frame of protocol version \(version), not \(ProtoFrame.version)"
        case .frameTooLarge(let size):
            "a frame of \(size) bytes, above the protocol's limit of \(ProtoFrame.maxBodySize) (128 MiB)"
        }
    }
}

/// Cuts a byte stream into frames: peeks the header, waits for the whole body, returns it
/// as a slice. Returns "need more data" until a frame is complete.
public struct ProtoFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ProtoFrame

    private let maxBodySize: Int

    public init(maxBodySize: Int = ProtoFrame.maxBodySize) {
        self.maxBodySize = maxBodySize
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try decodeFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// The next whole frame, or nil when more bytes are needed. Usable without a channel.
    public func decodeFrame(_ buffer: inout ByteBuffer) throws(ProtoFramingError) -> ProtoFrame? {
        guard let word = buffer.getInteger(at: buffer.readerIndex, as: UInt64.self) else { return nil }
        let version = UInt8(word >> 56)
        let type = ProtoType(rawValue: UInt8(word >> 48 & 0xFF))
        let size = Int(word & 0xFFFF_FFFF_FFFF)
        guard version == ProtoFrame.version else { throw .unsupportedVersion(version) }
        guard size <= maxBodySize else { throw .frameTooLarge(size) }
        guard buffer.readableBytes >= ProtoFrame.headerSize + size else { return nil }
        buffer.moveReaderIndex(forwardBy: ProtoFrame.headerSize)
        let body = buffer.readSlice(length: size)!
        return ProtoFrame(version: version, type: type, body: body)
    }
}
