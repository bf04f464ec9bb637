import AerospikeCore
@testable import AerospikeSemantics
import Testing

/// A list padded past what any record can hold fails at once, as a server's write would,
/// instead of building the list first: a hostile index must not exhaust a serve node.
@Suite("List padding limits")
struct CDTPaddingTests {
    // 10^8 nils fit no record (RECORD_TOO_BIG); an index past 32 bits is not one a server
    // takes at all (OP_NOT_APPLICABLE).
    @Test(arguments: [(Int64(100_000_000), ResultCode.recordTooBig), (1 << 40, .opNotApplicable)])
    func aFarInsertFailsWithoutBuildingTheList(index: Int64, code: ResultCode) {
        do {
            _ = try CDTEngine.apply(.list("l", .insert(index: index, .int(5))), to: .list([.int(1)]))
            Issue.record("an insert at \(index) succeeded")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func aNearInsertStillPads() throws {
        let outcome = try CDTEngine.apply(.list("l", .insert(index: 3, .int(5))), to: .list([.int(1)]))
        #expect(outcome.value == .list([.int(1), .nil, .nil, .int(5)]))
    }
}
