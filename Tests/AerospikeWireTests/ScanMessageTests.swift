import AerospikeCore
import AerospikeTestSupport
@testable import AerospikeWire
import NIOCore
import Testing

/// Partition scans and index queries, against what aerospike-py and the official client
/// sent a real 8.1 server and what it answered (`scan-query-aerospike-py.txt`).
@Suite("Scan and query messages")
struct ScanMessageTests {
    static let frames = CaptureFile.frames("scan-query-aerospike-py.txt")

    /// The client's scan and query requests: AS_MSGs without a digest that read.
    static func requests() throws -> [(CapturedFrame, WireMessage)] {
        try frames.filter { $0.type == 3 && $0.direction == .toServer }.compactMap { frame in
            // The capture keeps 4 KiB of each frame: the 8 KiB partition list is cut, so
            // only the header and the fields before it are read here.
            guard frame.bytes.count >= 8 + 22 else { return nil }
            var body = ByteBuffer(bytes: frame.body)
            guard frame.isComplete else { return (frame, try Self.header(&body)) }
            let message = try WireMessage.read(from: &body)
            return ScanMessage.isScan(message) ? (frame, message) : nil
        }.filter { ScanMessage.isScan($0.1) }
    }

    /// The header of a message whose fields are cut short, with the fields that are whole.
    static func header(_ body: inout ByteBuffer) throws -> WireMessage {
        var header = ByteBuffer(bytes: Array(body.readableBytesView.prefix(22)))
        // Zero fields and operations, so the header reads alone.
        header.setInteger(UInt16(0), at: 18)
        header.setInteger(UInt16(0), at: 20)
        var message = try WireMessage.read(from: &header)
        body.moveReaderIndex(forwardBy: 22)
        while let length = body.getInteger(at: body.readerIndex, as: UInt32.self), body.readableBytes >= 4 + Int(length) {
            body.moveReaderIndex(forwardBy: 4)
            guard let type = body.readInteger(as: UInt8.self), let data = body.readSlice(length: Int(length) - 1) else { break }
            message.fields.append(WireField(FieldType(rawValue: type), data))
        }
        return message
    }

    @Test func aScanIsEncodedByteForByteAsAerospikePyEncodesIt() throws {
        // The first scan of the capture: namespace, set, the 4,096 partitions, socket
        // timeout, task id; READ with PARTITION_DONE in info3.
        let captured = try #require(Self.frames.first { $0.type == 3 && $0.direction == .toServer && $0.size == 8261 })
        let taskID = UInt64(0xaced6dc48e93fcbd)
        let message = ScanMessage.encode(
            ScanRequest(namespace: "test", set: "pyscan"), cursors: PartitionCursor.all, maxRecords: nil,
            taskID: taskID, socketTimeoutMilliseconds: 30_000)
        var frame = message.frame()
        let bytes = frame.readBytes(length: frame.readableBytes) ?? []
        #expect(bytes.count == captured.size + 8)
        #expect(Array(bytes.prefix(captured.bytes.count)) == captured.bytes)
        // What the capture cut off: the partition list runs on to 4095, then the two
        // small fields.
        #expect(Array(bytes.suffix(4 + 1 + 4 + 4 + 1 + 8)) == [0, 0, 0, 5, 9, 0, 0, 0x75, 0x30, 0, 0, 0, 9, 7] + withUnsafeBytes(of: taskID.bigEndian) { Array($0) })
    }

    @Test func indexRangesAreEncodedAsTheClientsEncodeThem() throws {
        // between('v', 1, 3) and equals('s', 's4') from the capture.
        let between = ScanMessage.indexRange(.range(bin: "v", 1, 3))
        #expect(Array(between.readableBytesView) == [1, 1, 0x76, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 3])
        let equalString = ScanMessage.indexRange(.equal(bin: "s", .string("s4")))
        #expect(Array(equalString.readableBytesView) == [1, 1, 0x73, 3, 0, 0, 0, 2, 0x73, 0x34, 0, 0, 0, 2, 0x73, 0x34])
        let equalInt = ScanMessage.indexRange(.equal(bin: "v", .int(2)))
        #expect(try ScanMessage.decodeRange(equalInt) == .equal(bin: "v", .int(2)))
    }

    @Test func capturedQueriesDecodeToTheirFilters() throws {
        var filters: [IndexFilter] = []
        for (_, message) in try Self.requests() {
            if let field = message.field(.indexRange) { filters.append(try ScanMessage.decodeRange(field.data)) }
        }
        // The capture's between(v, 1, 3), equals(v, 2) and equals(s, 's4'), in order.
        #expect(filters == [.range(bin: "v", 1, 3), .equal(bin: "v", .int(2)), .equal(bin: "s", .string("s4"))])
    }

    @Test func capturedScanRepliesDecodeToRecordsWithTheirKeys() throws {
        var records: [Record] = []
        var lasts = 0
        for frame in Self.frames where frame.type == 3 && frame.direction == .toClient && frame.isComplete {
            var body = ByteBuffer(bytes: frame.body)
            while body.readableBytes > 0 {
                let message = try WireMessage.read(from: &body)
                if message.infoFlags.contains(.last) { lasts += 1 }
                guard message.fields.contains(where: { $0.type == .digest }), message.field(.key) != nil else { continue }
                if let record = try ScanMessage.decodeRecord(message, now: 0) { records.append(record) }
            }
        }
        #expect(lasts >= 5)
        // The first scan: keys 0 to 4 of set pyscan, each with v = key and s = "s<key>".
        let firstScan = records.prefix(5)
        #expect(Set(firstScan.map(\.key.userKey)) == Set((0..<5).map { UserKey.int(Int64($0)) }))
        for record in firstScan {
            guard case .int(let number)? = record.key.userKey else { Issue.record("no user key"); continue }
            #expect(record.key.set == "pyscan")
            #expect(record.key == Key(namespace: "test", set: "pyscan", userKey: .int(number)))
            #expect(record.bins == [Bin("v", .int(number)), Bin("s", .string("s\(number)"))])
        }
    }

    @Test(arguments: [
        ScanRequest(namespace: "test"),
        ScanRequest(namespace: "test", set: "demo", bins: .only(["a", "b"]), maxRecords: 10),
        ScanRequest(namespace: "test", set: "demo", bins: .none, filter: .range(bin: "n", -5, 1 << 40)),
        ScanRequest(namespace: "test", set: "demo", filter: .equal(bin: "name", .string("Ålice"))),
        ScanRequest(namespace: "test", set: "demo", filter: .equal(bin: "n", .int(-7))),
    ])
    func requestsSurviveARoundTrip(request: ScanRequest) throws {
        let digest = Key(namespace: "test", set: "demo", userKey: .string("resume-here")).digest
        let cursors = [PartitionCursor(id: 7), PartitionCursor(id: 4095), PartitionCursor(id: digest.partitionID, after: digest)]
        let message = ScanMessage.encode(request, cursors: cursors, maxRecords: request.maxRecords, taskID: 99, socketTimeoutMilliseconds: 1500)
        var frame = message.frame()
        frame.moveReaderIndex(forwardBy: 8)
        let decoded = try ScanMessage.decode(try WireMessage.read(from: &frame))
        #expect(ScanMessage.isScan(message))
        #expect(decoded.namespace == request.namespace)
        #expect(decoded.set == request.set)
        #expect(decoded.bins == request.bins)
        #expect(decoded.filter == request.filter)
        #expect(decoded.maxRecords == request.maxRecords)
        #expect(decoded.partitions == cursors)
        #expect(decoded.policy.command.socketTimeout == .milliseconds(1500))
    }

    @Test func aScanRecordReplyCarriesTheKeyAndBins() throws {
        let key = Key(namespace: "test", set: "demo", userKey: .string("k1"))
        let record = Record(key: key, metadata: RecordMetadata(generation: 3, ttl: .seconds(100)), bins: [Bin("a", .int(1))])
        let message = ScanMessage.record(record, now: 1000)
        let decoded = try #require(try ScanMessage.decodeRecord(message, now: 1000))
        #expect(decoded == record)
        #expect(try ScanMessage.decodeRecord(ScanMessage.partitionUnavailable(12), now: 0) == nil)
        #expect(ScanMessage.partitionUnavailable(12).generation == 12)
    }
}
