import AerospikeCore

/// Which node owns each of a namespace's 4096 partitions, from the `replicas` info value:
/// `ns:regime,count,<base64 bitmap per replica>;ns2:…`. Only the master (first) bitmap
/// routes commands.
struct PartitionMap: Sendable {
    static let partitionCount = 4096

    /// Namespace → owner node name per partition.
    private(set) var owners: [String: [String?]] = [:]

    /// Records `node` as master of the partitions its `replicas` answer marks.
    mutating func apply(replicas: String, node: String) {
        for section in replicas.split(separator: ";") {
            guard let colon = section.firstIndex(of: ":") else { continue }
            let namespace = String(section[..<colon])
            let parts = section[section.index(after: colon)...].split(separator: ",")
            // regime,count,bitmap… (current servers) or count,bitmap… (replicas-all)
            guard let bitmapText = parts.first(where: { $0.count == 684 }),
                  let bitmap = Base64.decode(bitmapText), bitmap.count == 512
            else { continue }
            var table = owners[namespace] ?? Array(repeating: nil, count: PartitionMap.partitionCount)
            for partition in 0..<PartitionMap.partitionCount {
                let owned = bitmap[partition >> 3] & (0x80 >> UInt8(partition & 7)) != 0
                if owned {
                    table[partition] = node
                } else if table[partition] == node {
                    table[partition] = nil
                }
            }
            owners[namespace] = table
        }
    }

    func owner(namespace: String, partition: Int) -> String? {
        owners[namespace]?[partition]
    }

    func knows(namespace: String) -> Bool {
        owners[namespace] != nil
    }

    /// Every partition of every namespace known so far has a master.
    var isComplete: Bool {
        !owners.isEmpty && owners.values.allSatisfy { $0.allSatisfy { $0 != nil } }
    }
}

/// The `peers-clear-std` or `peers-tls-std` value:
/// `generation,defaultPort,[[nodeID,tlsName,[addr[:port],…]],…]`. A peer's TLS name (empty
/// in the clear list) goes with each of its addresses: its certificate must carry it.
enum PeersParser {
    struct Peer: Sendable, Hashable {
        var name: String
        var addresses: [HostAddress]
    }

    static func parse(_ text: String) -> (generation: Int, peers: [Peer])? {
        guard let firstComma = text.firstIndex(of: ","), let generation = Int(text[..<firstComma]) else { return nil }
        let rest = text[text.index(after: firstComma)...]
        guard let secondComma = rest.firstIndex(of: ","), let defaultPort = Int(rest[..<secondComma]) else { return nil }
        var list = rest[rest.index(after: secondComma)...]
        guard list.hasPrefix("["), list.hasSuffix("]") else { return nil }
        list = list.dropFirst().dropLast()
        var peers: [Peer] = []
        // Each peer is [id,tls,[addresses]]: split on the brackets at depth 1.
        var depth = 0
        var start = list.startIndex
        for index in list.indices {
            switch list[index] {
            case "[":
                if depth == 0 { start = list.index(after: index) }
                depth += 1
            case "]":
                depth -= 1
                if depth == 0, let peer = parsePeer(list[start..<index], defaultPort: defaultPort) { peers.append(peer) }
            default:
                break
            }
        }
        return (generation, peers)
    }

    private static func parsePeer(_ text: Substring, defaultPort: Int) -> Peer? {
        guard let comma = text.firstIndex(of: ","), let open = text.firstIndex(of: "["), let close = text.lastIndex(of: "]") else { return nil }
        let name = String(text[..<comma])
        let afterName = text[text.index(after: comma)...]
        let tlsName = afterName.firstIndex(of: ",").map { afterName[..<$0] }.flatMap { $0.isEmpty ? nil : String($0) }
        let addresses = text[text.index(after: open)..<close].split(separator: ",").compactMap { entry -> HostAddress? in
            var address = HostAddress(String(entry), defaultPort: defaultPort)
            address?.tlsName = tlsName
            return address
        }
        return Peer(name: name, addresses: addresses)
    }
}
