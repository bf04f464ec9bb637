import AerospikeCore
@testable import AerospikeNetwork
import NIOCore
import Testing

/// What a command is told by a pool that no longer gives out connections: a node the tend
/// dropped is a connection error (the command routes afresh and may retry), a closed
/// client is a client error.
@Suite("Connection pools")
struct ConnectionPoolTests {
    /// What a pool closed for these reasons, in order, says to a command (none: `close()`).
    func refusal(_ reasons: [PoolClosedBecause]) async -> AerospikeError? {
        let events = ClientEventLoop()
        // Nothing listens on port 1: a pool left open fails only when it tries to connect.
        let pool = ChannelPool(address: HostAddress(host: "127.0.0.1", port: 1), events: events, maxConnections: 2, connectTimeout: .seconds(1))
        if reasons.isEmpty { pool.close() }
        for reason in reasons { pool.close(because: reason) }
        let error: AerospikeError?
        do throws(AerospikeError) {
            _ = try await pool.withConnection { _ throws(AerospikeError) in 0 }
            error = nil
        } catch let failure {
            error = failure
        }
        await events.shutDown()
        return error
    }

    @Test func aPoolOfANodeThatLeftRefusesWithARetriableConnectionError() async {
        let error = await refusal([.nodeLeft])
        #expect(error?.code == .connectionError)
        #expect(error?.message == "127.0.0.1:1 left the cluster")
    }

    @Test func aPoolOfAClosedClientRefusesAsAClosedClient() async {
        for reasons in [[PoolClosedBecause.clientClosed], []] {
            let error = await refusal(reasons)
            #expect(error?.code == .clientError)
            #expect(error?.message == "the client is closed")
        }
    }

    /// A tend that drops a node while the client closes closes its pool a second time:
    /// the first reason is the one commands are told.
    @Test func aPoolKeepsTheReasonItWasFirstClosedFor() async {
        #expect(await refusal([.clientClosed, .nodeLeft])?.code == .clientError)
    }
}
