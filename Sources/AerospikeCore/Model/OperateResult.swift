/// What `operate` returns: the record after the operations, and the values the read
/// operations produced in operation order.
///
/// As on a real server, write operations produce no entry: `[write name, incr counter,
/// read counter]` yields `[("counter", 2)]`. `record.bins` merges the entries, the last
/// value of a bin winning, which is the shape of `operate`; `results` is `operate_ordered`.
public struct OperateResult: Sendable, Hashable {
    public var record: Record
    public var results: [Bin]

    public init(record: Record, results: [Bin]) {
        self.record = record
        self.results = results
    }
}
