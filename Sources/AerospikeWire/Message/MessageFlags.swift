/// Read attributes: byte 1 of the AS_MSG header.
public struct ReadFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = ReadFlags(rawValue: 0x01)
    /// Return every bin.
    public static let getAll = ReadFlags(rawValue: 0x02)
    public static let shortQuery = ReadFlags(rawValue: 0x04)
    /// A batch-index request (field 41).
    public static let batch = ReadFlags(rawValue: 0x08)
    public static let xdr = ReadFlags(rawValue: 0x10)
    /// Metadata only: exists / get header.
    public static let noBinData = ReadFlags(rawValue: 0x20)
    public static let readModeAPAll = ReadFlags(rawValue: 0x40)
    public static let compressResponse = ReadFlags(rawValue: 0x80)
}

/// Write attributes: byte 2 of the AS_MSG header.
public struct WriteFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let write = WriteFlags(rawValue: 0x01)
    public static let delete = WriteFlags(rawValue: 0x02)
    /// Apply only if the generation equals the header's.
    public static let generation = WriteFlags(rawValue: 0x04)
    /// Apply only if the header's generation is greater.
    public static let generationGreater = WriteFlags(rawValue: 0x08)
    public static let durableDelete = WriteFlags(rawValue: 0x10)
    public static let createOnly = WriteFlags(rawValue: 0x20)
    public static let relaxAPLongQuery = WriteFlags(rawValue: 0x40)
    /// Answer every operation, writes included, in order.
    public static let respondAllOps = WriteFlags(rawValue: 0x80)
}

/// Miscellaneous attributes: byte 3 of the AS_MSG header.
public struct InfoFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The last message of a multi-record reply.
    public static let last = InfoFlags(rawValue: 0x01)
    public static let commitMaster = InfoFlags(rawValue: 0x02)
    public static let partitionDone = InfoFlags(rawValue: 0x04)
    public static let updateOnly = InfoFlags(rawValue: 0x08)
    public static let createOrReplace = InfoFlags(rawValue: 0x10)
    public static let replaceOnly = InfoFlags(rawValue: 0x20)
    public static let scReadType = InfoFlags(rawValue: 0x40)
    public static let scReadRelax = InfoFlags(rawValue: 0x80)
}

/// Field types of AS_MSG.
public struct FieldType: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let namespace = FieldType(rawValue: 0)
    public static let set = FieldType(rawValue: 1)
    public static let key = FieldType(rawValue: 2)
    public static let recordVersion = FieldType(rawValue: 3)
    public static let digest = FieldType(rawValue: 4)
    public static let transactionID = FieldType(rawValue: 5)
    public static let transactionDeadline = FieldType(rawValue: 6)
    /// Scan and query fields (partition-based, servers 6.0+).
    public static let taskID = FieldType(rawValue: 7)
    public static let socketTimeout = FieldType(rawValue: 9)
    public static let recordsPerSecond = FieldType(rawValue: 10)
    public static let partitionIDs = FieldType(rawValue: 11)
    public static let digests = FieldType(rawValue: 12)
    public static let maxRecords = FieldType(rawValue: 13)
    public static let indexValue = FieldType(rawValue: 15)
    public static let indexName = FieldType(rawValue: 21)
    public static let indexRange = FieldType(rawValue: 22)
    public static let indexType = FieldType(rawValue: 26)
    public static let batchIndex = FieldType(rawValue: 41)
    public static let batchIndexWithSet = FieldType(rawValue: 42)
    public static let filterExpression = FieldType(rawValue: 43)
}

/// Operation types of AS_MSG.
public struct OperationType: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = OperationType(rawValue: 1)
    public static let write = OperationType(rawValue: 2)
    public static let cdtRead = OperationType(rawValue: 3)
    public static let cdtModify = OperationType(rawValue: 4)
    public static let add = OperationType(rawValue: 5)
    public static let expressionRead = OperationType(rawValue: 7)
    public static let expressionModify = OperationType(rawValue: 8)
    public static let append = OperationType(rawValue: 9)
    public static let prepend = OperationType(rawValue: 10)
    public static let touch = OperationType(rawValue: 11)
    public static let bitRead = OperationType(rawValue: 12)
    public static let bitModify = OperationType(rawValue: 13)
    public static let delete = OperationType(rawValue: 14)
    public static let hllRead = OperationType(rawValue: 15)
    public static let hllModify = OperationType(rawValue: 16)
}
