@testable import AerospikeServer
import AerospikeWire
import Testing

/// The connection state machine as plain data: no sockets, no event loop.
@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    @Test func withSecurityOffEveryFrameIsAnsweredAsItComes() {
        var machine = ConnectionStateMachine(securityEnabled: false)
        #expect(machine.frameArrived(.info) == .info)
        #expect(machine.frameArrived(.message) == .command)
        #expect(machine.frameArrived(.admin) == .security)
        #expect(machine.frameArrived(.compressedMessage) == .refuseUnsupported)
        #expect(machine.frameArrived(ProtoType(rawValue: 9)) == .refuseUnsupported)
        #expect(machine.state == .ready)
    }

    @Test func withSecurityOnOnlySecurityCommandsAreServedUntilALogin() {
        var machine = ConnectionStateMachine(securityEnabled: true)
        #expect(machine.frameArrived(.info) == .refuseNotAuthenticated)
        #expect(machine.frameArrived(.message) == .refuseNotAuthenticated)
        #expect(machine.frameArrived(.admin) == .security)
        machine.loggedIn()
        #expect(machine.state == .ready)
        #expect(machine.frameArrived(.message) == .command)
    }

    @Test func framesThatArriveWhileAReplyStreamsWaitTheirTurn() {
        var machine = ConnectionStateMachine(securityEnabled: false)
        machine.replyStarted()
        #expect(machine.state == .streaming(authenticated: true))
        #expect(machine.frameArrived(.message) == .queue)
        #expect(machine.frameArrived(.info) == .queue)
        machine.replyFinished()
        #expect(machine.state == .ready)
        #expect(machine.frameArrived(.message) == .command)
    }

    @Test func aStreamBeforeALoginReturnsToUnauthenticated() {
        var machine = ConnectionStateMachine(securityEnabled: true)
        machine.replyStarted()
        #expect(machine.frameArrived(.message) == .queue)
        machine.replyFinished()
        #expect(machine.state == .unauthenticated)
        #expect(machine.frameArrived(.message) == .refuseNotAuthenticated)
    }

    @Test func aClosingConnectionAnswersNothing() {
        var machine = ConnectionStateMachine(securityEnabled: false)
        machine.replyStarted()
        machine.closed()
        #expect(machine.frameArrived(.message) == .ignore)
        machine.replyFinished()
        machine.loggedIn()
        #expect(machine.state == .closing)
    }
}
