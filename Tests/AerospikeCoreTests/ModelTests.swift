import AerospikeCore
import Testing

@Suite("Model")
struct ModelTests {
    @Test func digestParsesHexOfEitherCaseAndRejectsOtherLengths() throws {
        let digest = try #require(Digest(hex: "EC91192D4B7F8CE35D5D78D34BCA65CBAAAAC960"))
        #expect(digest.hex == "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960")
        #expect(digest.partitionID == 492)
        #expect(Digest(hex: "ec91") == nil)
        #expect(Digest(hex: "zz91192d4b7f8ce35d5d78d34bca65cbaaaac960") == nil)
        #expect(Digest([UInt8](repeating: 0, count: 19)) == nil)
    }

    @Test func hexRoundTrips() {
        let bytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFE, 0xFF]
        #expect(Hex.encode(bytes) == "00017f80feff")
        #expect(Hex.decode("00017F80FEff") == bytes)
        #expect(Hex.decode("abc") == nil)
    }

    /// Arrays take a path of their own; every byte must read as the generic path writes it,
    /// appended after what the output already holds.
    @Test func hexOfAnArrayMatchesTheGenericEncoding() {
        let all = (0...255).map(UInt8.init)
        var generic: [UInt8] = Array("x=".utf8)
        Hex.encode(AnySequence(all), appendingTo: &generic)
        var fast: [UInt8] = Array("x=".utf8)
        Hex.encode(all, appendingTo: &fast)
        #expect(fast == generic)
        #expect(Hex.encode(all) == String(decoding: generic.dropFirst(2), as: UTF8.self))
        #expect(Hex.decode(Hex.encode(all)) == all)
        var empty: [UInt8] = []
        Hex.encode([UInt8](), appendingTo: &empty)
        #expect(empty.isEmpty)
    }

    @Test(arguments: [
        (WriteTTL.namespaceDefault, UInt32(0)), (.never, 0xFFFF_FFFF), (.unchanged, 0xFFFF_FFFE), (.seconds(300), 300),
    ])
    func ttlWireValues(ttl: WriteTTL, wire: UInt32) {
        #expect(ttl.wireValue == wire)
        #expect(WriteTTL(wireValue: wire) == ttl)
    }

    @Test func resultCodesCarryTheirAerospikeNames() {
        #expect(ResultCode.recordNotFound.name == "AEROSPIKE_ERR_RECORD_NOT_FOUND")
        #expect(ResultCode.recordExists.description == "AEROSPIKE_ERR_RECORD_EXISTS (5)")
        #expect(ResultCode.generationError.rawValue == 3)
        #expect(ResultCode.binTypeError.name == "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE")
        #expect(ResultCode.connectionError.name == "AEROSPIKE_ERR_CONNECTION")
        #expect(ResultCode(250).name == "AEROSPIKE_ERR_CODE_250")
        #expect(!ResultCode(250).isKnown)
    }

    @Test func everyServerCodeOfTheProtocolHasAName() {
        let serverCodes = Array(0...28) + [32, 50, 51, 52, 53, 54, 55, 56, 60, 61, 62, 63, 64, 65, 66, 70, 71, 72, 73, 74, 75,
                                           80, 81, 82, 83, 100, 120, 121, 122, 123, 124, 125, 126, 127, 150, 151, 152, 160,
                                           200, 201, 202, 203, 204, 205, 206]
        for code in serverCodes {
            #expect(ResultCode(code).isKnown, "code \(code)")
        }
    }

    @Test func errorDescriptionsNameCodeAndDetail() {
        let error = AerospikeError(.generationError, message: "expected generation 5, record has 2", underlying: "inner")
        #expect(error.description == "AEROSPIKE_ERR_RECORD_GENERATION (3): expected generation 5, record has 2")
        #expect(error.debugDescription.hasSuffix("(inner)"))
    }

    @Test func existsActionsThatReplaceBins() {
        #expect(ExistsAction.replaceOnly.replacesBins)
        #expect(ExistsAction.createOrReplace.replacesBins)
        #expect(!ExistsAction.update.replacesBins)
        #expect(!ExistsAction.createOnly.replacesBins)
        #expect(!ExistsAction.updateOnly.replacesBins)
    }

    @Test func operationKinds() {
        #expect(!Operation.read("a").isWrite)
        #expect(!Operation.readAll.isWrite)
        #expect(Operation.touch.isWrite)
        #expect(Operation.add(Bin("n", .int(1))).binName == "n")
        #expect(Operation.delete.binName == nil)
    }

    @Test func binNameLimitIsFifteenBytes() {
        #expect(Bin.isValidName("fifteen_bytes_x"))
        #expect(!Bin.isValidName("sixteen_bytes_xx"))
        #expect(!Bin.isValidName("ééééééééé"))  // 18 bytes of UTF-8
    }

    @Test func recordSubscriptFindsBinsByName() {
        let key = Key(namespace: "test", set: nil, userKey: nil, digest: Digest([UInt8](repeating: 1, count: 20))!)
        let record = Record(key: key, metadata: RecordMetadata(generation: 1, ttl: .never), bins: [Bin("a", .int(1))])
        #expect(record[bin: "a"] == .int(1))
        #expect(record[bin: "b"] == nil)
    }
}

@Suite("Base64")
struct Base64Tests {
    @Test func decodeReadsWhatEncodeWrites() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        let bytes = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        #expect(Base64.decode("Zm9v!") == nil)
        // The replicas bitmap of a node that owns every partition.
        #expect(Base64.encode([UInt8](repeating: 0xFF, count: 512)) == String(repeating: "/", count: 682) + "8=")
    }
}
