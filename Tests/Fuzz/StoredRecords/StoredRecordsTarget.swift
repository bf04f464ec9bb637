import AerospikeCore
import AerospikeEmbedded

/// Any bytes as the `bins` column of a stored record (a damaged or hostile store file):
/// decoding must throw or succeed, never crash; and when the bins decode, the names-only
/// reading (completion's) must agree with them.
func fuzzStoredRecords(_ bytes: [UInt8]) {
    guard let bins = try? StoredRecordDecoding.decode(bytes) else {
        _ = try? StoredRecordDecoding.names(bytes)
        return
    }
    guard let names = try? StoredRecordDecoding.names(bytes) else {
        preconditionFailure("a record's bins decode but its bin names do not")
    }
    precondition(names == bins.map(\.name), "the bin names read alone differ from the decoded bins'")
}
