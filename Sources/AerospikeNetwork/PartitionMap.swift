import AerospikeCore

/// Which node owns each of a namespace's 4096 partitions, from the `replicas` info value:
/// `ns:regime,count,<base64 bitmap per replica>;ns2:…`. Only the master (first) bitmap
/// routes commands.
struct PartitionMap: Sendable {
    static let partitionCount = 4096

    /// The nodes named so far; a table holds a node's place here plus one (0: no owner).
    private var nodes: [String] = []
    /// Namespace → each partition's owner, as a place in `nodes` plus one: a table of small
    /// integers is updated without retaining a name per partition.
    private var tables: [String: [UInt16]] = [:]

    /// Records `node` as master of the partitions its `replicas` answer marks.
    ///
    /// Read as bytes, in place: split into Characters (and counted) the value's 1,400
    /// characters per namespace took a fifth of a one-shot command's instructions.
    mutating func apply(replicas: String, node: String) {
        var replicas = replicas
        var masters: [(namespace: String, bitmap: [UInt8])] = []
        replicas.withUTF8 { text in
            var start = 0
            while start < text.count {
                let end = text[start...].firstIndex(of: UInt8(ascii: ";")) ?? text.count
                if let section = Self.master(in: UnsafeBufferPointer(rebasing: text[start..<end])) { masters.append(section) }
                start = end + 1
            }
        }
        guard !masters.isEmpty else { return }
        let mark = UInt16(place(of: node) + 1)
        for (namespace, bitmap) in masters {
            var table = tables.removeValue(forKey: namespace) ?? Array(repeating: 0, count: PartitionMap.partitionCount)
            table.withUnsafeMutableBufferPointer { table in
                for (byteIndex, byte) in bitmap.enumerated() {
                    for bit in 0..<8 {
                        let partition = byteIndex << 3 | bit
                        if byte & (0x80 >> UInt8(bit)) != 0 {
                            table[partition] = mark
                        } else if table[partition] == mark {
                            table[partition] = 0
                        }
                    }
                }
            }
            tables[namespace] = table
        }
    }

    /// The node's place in `nodes`, added when new.
    private mutating func place(of node: String) -> Int {
        if let place = nodes.firstIndex(of: node) { return place }
        nodes.append(node)
        return nodes.count - 1
    }

    /// One namespace's section, `ns:regime,count,bitmap…` (current servers) or
    /// `ns:count,bitmap…` (replicas-all): the namespace and its master bitmap, the first
    /// field of a bitmap's length (684 base64 characters for 4096 bits).
    private static func master(in section: UnsafeBufferPointer<UInt8>) -> (namespace: String, bitmap: [UInt8])? {
        guard let colon = section.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var start = colon + 1
        while start < section.count {
            let end = section[start...].firstIndex(of: UInt8(ascii: ",")) ?? section.count
            if end - start == 684 {
                guard let bitmap = Base64.decode(utf8: UnsafeBufferPointer(rebasing: section[start..<end])), bitmap.count == 512 else { return nil }
                return (String(decoding: UnsafeBufferPointer(rebasing: section[..<colon]), as: UTF8.self), bitmap)
            }
            start = end + 1
        }
        return nil
    }

    func owner(namespace: String, partition: Int) -> String? {
        guard let mark = tables[namespace]?[partition], mark > 0 else { return nil }
        return nodes[Int(mark) - 1]
    }

    func knows(namespace: String) -> Bool {
        tables[namespace] != nil
    }

    /// Every partition of every namespace known so far has a master.
    var isComplete: Bool {
        !tables.isEmpty && tables.values.allSatisfy { !$0.contains(0) }
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
