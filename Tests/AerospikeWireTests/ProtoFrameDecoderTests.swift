import AerospikeTestSupport
@testable import AerospikeWire
import NIOCore
import NIOTestUtils
import Testing

@Suite("Proto frame decoder")
struct ProtoFrameDecoderTests {
    @Test func everyByteSplitOfRealFramesDecodesTheSame() throws {
        let frames = CaptureFile.frames("seed-aerospike-c.txt").filter(\.isComplete).prefix(40)
        let pairs = frames.map { captured in
            (ByteBuffer(bytes: captured.bytes), [ProtoFrame(type: ProtoType(rawValue: captured.type), body: ByteBuffer(bytes: captured.body))])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { ProtoFrameDecoder() }
    }

    @Test func anEmptyBodyIsAFrame() throws {
        var buffer = ByteBuffer(bytes: [2, 3, 0, 0, 0, 0, 0, 0])
        let frame = try #require(try ProtoFrameDecoder().decodeFrame(&buffer))
        #expect(frame.type == .message)
        #expect(frame.body.readableBytes == 0)
    }

    @Test func oversizedAndForeignFramesAreRefused() {
        var huge = ByteBuffer(bytes: [2, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: ProtoFramingError.frameTooLarge(0xFFFF_FFFF_FFFF)) { try ProtoFrameDecoder().decodeFrame(&huge) }
        var http = ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n")
        #expect(throws: ProtoFramingError.unsupportedVersion(UInt8(ascii: "G"))) { try ProtoFrameDecoder().decodeFrame(&http) }
    }

    @Test func aPartialFrameWaitsForMore() throws {
        var buffer = ByteBuffer(bytes: [2, 1, 0, 0, 0, 0, 0, 5, 0x6E, 0x6F])
        #expect(try ProtoFrameDecoder().decodeFrame(&buffer) == nil)
        #expect(buffer.readableBytes == 10)
    }
}
