import AerospikeCore
@testable import AerospikeNetwork
import Testing

/// The `replicas` info value as the map reads it: each namespace's master bitmap.
@Suite("Partition map")
struct PartitionMapTests {
    /// A 4096-bit bitmap with `owned` partitions set, as base64 (684 characters).
    static func bitmap(_ owned: (Int) -> Bool) -> String {
        var bytes = [UInt8](repeating: 0, count: 512)
        for partition in 0..<4096 where owned(partition) {
            bytes[partition >> 3] |= 0x80 >> UInt8(partition & 7)
        }
        return Base64.encode(bytes)
    }

    @Test func eachNamespaceTakesItsMasterBitmapInEitherForm() {
        let evens = Self.bitmap { $0 % 2 == 0 }
        let all = Self.bitmap { _ in true }
        #expect(evens.utf8.count == 684)
        var map = PartitionMap()
        // Current servers: regime,count,master,replica; replicas-all: count,master.
        map.apply(replicas: "test:0,2,\(evens),\(all);bar:1,\(all)", node: "A")
        #expect((0..<4096).allSatisfy { map.owner(namespace: "test", partition: $0) == ($0 % 2 == 0 ? "A" : nil) })
        #expect((0..<4096).allSatisfy { map.owner(namespace: "bar", partition: $0) == "A" })
        #expect(!map.isComplete)
        // The other node masters the odd ones; a partition that moves away from a node
        // is no longer its.
        map.apply(replicas: "test:0,2,\(Self.bitmap { $0 % 2 == 1 }),\(all)", node: "B")
        #expect((0..<4096).allSatisfy { map.owner(namespace: "test", partition: $0) == ($0 % 2 == 0 ? "A" : "B") })
        #expect(map.isComplete)
        map.apply(replicas: "test:0,2,\(Self.bitmap { $0 < 10 }),\(all)", node: "A")
        #expect(map.owner(namespace: "test", partition: 4) == "A")
        #expect(map.owner(namespace: "test", partition: 12) == nil)
        #expect(map.owner(namespace: "test", partition: 13) == "B")
    }

    @Test func sectionsThatAreNotBitmapsAreSkipped() {
        var map = PartitionMap()
        let good = Self.bitmap { _ in true }
        let badCharacter = String(good.dropFirst()) + "!"
        map.apply(replicas: "nobitmap:0,2;bad:0,2,\(badCharacter);short:0,2,AAAA;;no-colon;test:0,1,\(good)", node: "A")
        #expect(!map.knows(namespace: "nobitmap"))
        #expect(!map.knows(namespace: "bad"))
        #expect(!map.knows(namespace: "short"))
        #expect(map.knows(namespace: "test"))
        #expect(map.owner(namespace: "test", partition: 4095) == "A")
        map.apply(replicas: "", node: "B")
        #expect(map.owner(namespace: "test", partition: 0) == "A")
    }
}
