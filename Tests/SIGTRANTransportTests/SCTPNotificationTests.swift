import NIOCore
import RerouteTestSupport
@testable import SIGTRANTransport
import Testing

/// The notification parser and the association bookkeeping, on bytes laid out as RFC 6458 §6.1 says.
@Suite("SCTP notifications")
struct SCTPNotificationTests {
    let codes = UsrSCTPSocket.notificationCodes

    /// `struct sctp_assoc_change` (RFC 6458 §6.1.1) in host byte order.
    func associationChange(state: UInt16, outbound: UInt16, inbound: UInt16) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in [codes.associationChange, 0] { withUnsafeBytes(of: value) { bytes += $0 } }
        withUnsafeBytes(of: UInt32(20)) { bytes += $0 }
        for value in [state, 0, outbound, inbound] { withUnsafeBytes(of: value) { bytes += $0 } }
        withUnsafeBytes(of: UInt32(7)) { bytes += $0 }
        return bytes
    }

    func parse(_ bytes: [UInt8]) -> SCTPNotification {
        bytes.withUnsafeBytes { SCTPNotification($0, codes: codes) }
    }

    @Test("RFC 6458 §6.1.1 SCTP_ASSOC_CHANGE COMM_UP carries the negotiated stream counts")
    func communicationUp() {
        #expect(
            parse(associationChange(state: codes.commUp, outbound: 8, inbound: 4))
                == .associationChange(.communicationUp, inboundStreams: 4, outboundStreams: 8))
    }

    @Test("RFC 6458 §6.1.1 truncated notifications parse as .other and never read past the end")
    func truncated() {
        let full = associationChange(state: codes.commUp, outbound: 8, inbound: 4)
        for length in 0..<16 {
            guard case .other = parse(Array(full.prefix(length))) else {
                Issue.record("length \(length) parsed as a full notification")
                continue
            }
        }
    }

    @Test("RFC 6458 §6.1 random and mutated notification bytes never crash the parser")
    func mutationLoop() {
        var rng = SeededGenerator(seed: 6458)
        let seeds = [
            associationChange(state: codes.commUp, outbound: 8, inbound: 4),
            associationChange(state: codes.commLost, outbound: 0, inbound: 0),
            Array(repeating: 0, count: 148),
        ]
        var parsed = 0
        for index in 0..<20_000 {
            var bytes = Mutator.mutate(seeds[index % seeds.count], using: &rng)
            if index % 4 == 0, bytes.count >= 2 {
                // Force each known type so every branch sees hostile bytes.
                let types = [codes.associationChange, codes.peerAddressChange, codes.sendFailedEvent, codes.sendFailed]
                withUnsafeBytes(of: types[index / 4 % types.count]) { bytes[0] = $0[0]; bytes[1] = $0[1] }
            }
            if case .other = parse(bytes) {} else { parsed += 1 }
        }
        #expect(parsed > 1000)
    }

    @Test("Association bookkeeping: one up, one down; a connect that never came up is refused")
    func lifecycle() {
        var lifecycle = SCTPAssociationLifecycle()
        #expect(
            lifecycle.receive(.associationChange(.communicationUp, inboundStreams: 2, outboundStreams: 3)) == [
                .deliver(.associationUp(inboundStreams: 2, outboundStreams: 3)), .connected,
            ])
        #expect(lifecycle.receive(.associationChange(.restart, inboundStreams: 2, outboundStreams: 3)) == [
            .deliver(.associationRestarted)
        ])
        #expect(lifecycle.receive(.shutdown) == [.deliver(.associationDown(.peerShutdown)), .release])
        #expect(lifecycle.receive(.associationChange(.shutdownComplete, inboundStreams: 0, outboundStreams: 0)) == [])
        #expect(lifecycle.endOfFile(.peerShutdown) == [])
        #expect(lifecycle.closedLocally() == [])

        var refused = SCTPAssociationLifecycle()
        #expect(
            refused.receive(.associationChange(.cannotStartAssociation, inboundStreams: 0, outboundStreams: 0)) == [
                .connectRefused, .release,
            ])
    }
}
