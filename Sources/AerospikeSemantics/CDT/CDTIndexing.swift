import AerospikeCore

/// A server's arithmetic for indexes and counts in list and map operations.
enum CDTIndexing {
    /// The most nils padding may add to a list. Every nil takes a byte and no record holds
    /// more than 8 MiB (the largest max-record-size a server allows), so a longer pad fails
    /// as a server's write would — RECORD_TOO_BIG — before memory is spent building it (a
    /// LIST_INSERT at index 10^9 must not take a serve node down).
    static let maxPadding: Int64 = 8 * 1024 * 1024

    static func checkPadding(_ count: Int64) throws(AerospikeError) {
        guard count <= maxPadding else {
            throw AerospikeError(.recordTooBig, message: "padding the list with \(count) nils would make the record larger than any a server stores")
        }
    }

    /// What a count of "to the end" stands for (a server reads a missing count as UINT32_MAX).
    static let unbounded: Int64 = Int64(UInt32.max)

    /// A negative index counts from the end.
    static func absolute(_ index: Int64, count: Int) -> Int64 {
        index < 0 ? Int64(count) + index : index
    }

    /// The positions `[start, start + length)` an index and count select among `count`
    /// elements. A single selection out of range is OP_NOT_APPLICABLE; a range is clipped
    /// to the elements there are (a negative start before the first element shortens it).
    static func range(_ index: Int64, _ length: Int64?, count: Int, multi: Bool) throws(AerospikeError) -> Range<Int> {
        let length = max(length ?? unbounded, 0)
        if !multi {
            let start = absolute(index, count: count)
            guard index < Int64(count), start >= 0 else {
                throw AerospikeError(.opNotApplicable, message: "index \(index) is out of range for \(count) elements")
            }
            return Int(start)..<Int(start) + Int(min(length, Int64(count) - start))
        }
        if index >= Int64(count) { return count..<count }
        let start = absolute(index, count: count)
        if start < 0 {
            // Part of the range lies before the first element: keep what remains of it.
            let remaining = length > -start ? min(length + start, Int64(count)) : 0
            return 0..<Int(remaining)
        }
        return Int(start)..<Int(start) + Int(min(length, Int64(count) - start))
    }

    /// A relative selection's absolute start and count: `offset` from `anchor`, a start
    /// before 0 eating into the count.
    static func relative(_ offset: Int64, _ length: Int64?, anchor: Int) -> (Int64, Int64) {
        var start = offset + Int64(anchor)
        var length = length ?? unbounded
        if start < 0 {
            length = length > -start ? length + start : 0
            start = 0
        }
        return (start, length)
    }
}

extension Array {
    /// The elements whose positions are not in `positions`, in order.
    func removing(positions: Set<Int>) -> [Element] {
        enumerated().filter { !positions.contains($0.offset) }.map(\.element)
    }
}
