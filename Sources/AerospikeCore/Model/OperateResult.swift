/// What `operate` returns: the record after the operations, and what each operation produced.
///
/// As on a real server, write operations produce no value: `[write name, incr counter,
/// read counter]` yields `[("counter", 2)]`. `record.bins` merges the values, the last value
/// of a bin winning, which is the shape of `operate`; `results` is `operate_ordered`.
public struct OperateResult: Sendable, Hashable {
    public var record: Record
    /// One entry per operation, in operation order: the bins it returned (none for writes
    /// and for reads of absent bins, one for a read, every bin for `READ *`). A server
    /// asked to RESPOND_ALL_OPS answers from this.
    public var perOperation: [[Bin]]

    public init(record: Record, perOperation: [[Bin]]) {
        self.record = record
        self.perOperation = perOperation
    }

    /// The values the operations produced, in operation order.
    public var results: [Bin] { perOperation.flatMap { $0 } }
}
