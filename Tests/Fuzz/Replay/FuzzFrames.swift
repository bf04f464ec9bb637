import AerospikeWire
import NIOCore

/// How the wire fuzz targets cut their input into frames, as a connection's decoder cuts
/// a stream: whole frames from the start, up to `limit` (an input is small; the limit
/// keeps a run of tiny frames from dominating), stopping at the first that is incomplete
/// or refused.
public enum FuzzFrames {
    public static func frames(in input: ByteBuffer, limit: Int = 16) -> [ProtoFrame] {
        var stream = input
        let decoder = ProtoFrameDecoder()
        var frames: [ProtoFrame] = []
        while frames.count < limit, let frame = (try? decoder.decodeFrame(&stream)) ?? nil {
            frames.append(frame)
        }
        return frames
    }
}
