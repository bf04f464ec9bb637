import AerospikeCore
import NIOCore

/// What a security message (proto type 2) asks for. Only the commands aerosh sends or
/// serves are named; the others are user and role administration.
public struct AdminCommand: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Proves a connection's right to the cluster with a session token from LOGIN.
    public static let authenticate = AdminCommand(rawValue: 0)
    /// Exchanges a user and credential for a session token.
    public static let login = AdminCommand(rawValue: 20)
}

/// The id of one field of a security message.
public struct AdminFieldID: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let user = AdminFieldID(rawValue: 0)
    public static let password = AdminFieldID(rawValue: 1)
    /// The bcrypt hash of the password (`AerospikeCredential`).
    public static let credential = AdminFieldID(rawValue: 3)
    /// The password itself, sent only for external (LDAP) authentication.
    public static let clearPassword = AdminFieldID(rawValue: 4)
    public static let sessionToken = AdminFieldID(rawValue: 5)
    /// Seconds the session token stays valid (u32).
    public static let sessionTTL = AdminFieldID(rawValue: 6)
}

/// One field of a security message.
public struct AdminField: Sendable, Hashable {
    public var id: AdminFieldID
    public var data: [UInt8]

    public init(_ id: AdminFieldID, _ data: [UInt8]) {
        self.id = id
        self.data = data
    }
}

/// A security message: a 16-byte header (result code, command, field count) and fields
/// of `u32 size (id included) · u8 id · data`.
public struct AdminMessage: Sendable, Hashable {
    public static let headerSize = 16

    public var resultCode: ResultCode
    public var command: AdminCommand
    public var fields: [AdminField]

    public init(_ command: AdminCommand, resultCode: ResultCode = .ok, fields: [AdminField] = []) {
        self.command = command
        self.resultCode = resultCode
        self.fields = fields
    }

    /// A LOGIN for internal authentication.
    public static func login(user: String, credential: String) -> AdminMessage {
        AdminMessage(.login, fields: [AdminField(.user, Array(user.utf8)), AdminField(.credential, Array(credential.utf8))])
    }

    /// An AUTHENTICATE with the session token a LOGIN returned.
    public static func authenticate(user: String, sessionToken: [UInt8]) -> AdminMessage {
        AdminMessage(.authenticate, fields: [AdminField(.user, Array(user.utf8)), AdminField(.sessionToken, sessionToken)])
    }

    public func field(_ id: AdminFieldID) -> [UInt8]? {
        fields.first(where: { $0.id == id })?.data
    }

    public func string(_ id: AdminFieldID) -> String? {
        field(id).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The body: header and fields.
    public func encode() -> ByteBuffer {
        var body = ByteBuffer()
        body.writeInteger(UInt8(0))
        body.writeInteger(UInt8(truncatingIfNeeded: resultCode.rawValue))
        body.writeInteger(command.rawValue)
        body.writeInteger(UInt8(fields.count))
        body.writeRepeatingByte(0, count: 12)
        for field in fields {
            body.writeInteger(UInt32(field.data.count + 1))
            body.writeInteger(field.id.rawValue)
            body.writeBytes(field.data)
        }
        return body
    }

    /// The whole message, proto header included.
    public func frame() -> ByteBuffer {
        var out = ByteBuffer()
        ProtoFrame(type: .admin, body: encode()).write(to: &out)
        return out
    }

    /// Reads a body; fails with PARAMETER_ERROR on anything malformed.
    public static func decode(_ body: ByteBuffer) throws(AerospikeError) -> AdminMessage {
        var body = body
        guard body.readableBytes >= headerSize,
              let header = body.readBytes(length: headerSize)
        else { throw .malformed("a security message needs a 16-byte header, got \(bytesPhrase(body.readableBytes))") }
        var message = AdminMessage(AdminCommand(rawValue: header[2]), resultCode: ResultCode(Int(header[1])))
        for _ in 0..<header[3] {
            guard let size = body.readInteger(as: UInt32.self), size >= 1, Int(size) <= body.readableBytes,
                  let id = body.readInteger(as: UInt8.self),
                  let data = body.readBytes(length: Int(size) - 1)
            else { throw .malformed("a security message's field runs past its end") }
            message.fields.append(AdminField(AdminFieldID(rawValue: id), data))
        }
        return message
    }
}

/// The credential Aerospike's internal authentication sends: the password's bcrypt hash
/// under the one salt every client uses, so the server can compare it with the hash it keeps.
public enum AerospikeCredential {
    public static let setting = "$2a$10$7EqJtq98hPqEX7fNZaFWoO"

    public static func hash(password: String) -> String {
        // The setting is a constant known to be well formed.
        (try? Bcrypt.hash(password, setting: setting)) ?? ""
    }
}
