import AerospikeCore
import AerospikeWire
import NIOCore

/// What a load run does: how many connections, for how long, over which keys.
public struct LoadPlan: Sendable {
    /// Connections open at once, each a loop of one request and its reply.
    public var connections: Int
    /// How long the connections keep sending; each then finishes its request in flight.
    public var duration: Duration
    /// Distinct keys the requests pick from (all connections share them, so writes to one
    /// record from many connections meet).
    public var keyCount: Int
    /// Of every 100 requests, how many are puts (the rest are gets).
    public var putPercent: Int
    /// A reply later than this is an error, and its connection is closed.
    public var replyTimeout: Duration
    /// How often serve's memory and descriptors are sampled while the load runs.
    public var sampleInterval: Duration

    public init(
        connections: Int = 200, duration: Duration = .seconds(60), keyCount: Int = 10_000, putPercent: Int = 50,
        replyTimeout: Duration = .seconds(20), sampleInterval: Duration = .milliseconds(250)
    ) {
        self.connections = connections
        self.duration = duration
        self.keyCount = keyCount
        self.putPercent = putPercent
        self.replyTimeout = replyTimeout
        self.sampleInterval = sampleInterval
    }
}

/// The requests a run sends, built once: a get frame per key (always the same bytes) and
/// the keys, for puts whose value changes each time.
struct LoadRequests: Sendable {
    static let namespace = "test"
    static let set = "load"

    let keys: [Key]
    let getFrames: [ByteBuffer]

    init(keyCount: Int) {
        keys = (0..<keyCount).map { Key(namespace: Self.namespace, set: Self.set, userKey: .int(Int64($0))) }
        getFrames = keys.map { WireRequest.read($0, bins: nil, ReadPolicy()).message().frame() }
    }

    /// A put of two bins: `n` (what the writer counts) and `s`, a string of some size, so a
    /// record is more than a number.
    func putFrame(key index: Int, value: Int64) -> ByteBuffer {
        let bins = [Bin("n", .int(value)), Bin("s", .string(Self.payload))]
        return WireRequest.operate(keys[index], bins.map(Operation.write), WritePolicy(), respondAllOps: false).message().frame()
    }

    private static let payload = String(repeating: "load-", count: 20)
}
