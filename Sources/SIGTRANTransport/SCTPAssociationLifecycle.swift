/// Turns the SCTP notifications of one association into transport events, once each: `.associationUp` once, then
/// at most one `.associationDown`. Shared by the usrsctp and kernel backends.
///
/// This is bookkeeping of what the stack said, not an M3UA decision:
///
/// ```
///            COMM_UP                      COMM_LOST / SHUTDOWN_COMP / EOF / close()
/// connecting ───────▶ up ─────────────────────────────────────────────────────────▶ down
///      │               │ RESTART: .associationRestarted (stays up)
///      └─ CANT_STR_ASSOC / COMM_LOST / EOF ──▶ down (the connect fails: refused)
/// ```
struct SCTPAssociationLifecycle {
    enum State: Equatable {
        case connecting
        case up
        case down
    }

    /// What the backend must do after a notification.
    enum Output: Equatable {
        /// Deliver this event to the handler.
        case deliver(SIGTRANTransportEvent)
        /// The association came up: succeed the pending connect, if any (after delivering `.associationUp`).
        case connected
        /// The association never came up: fail the pending connect with "refused".
        case connectRefused
        /// The association is finished: release the socket.
        case release
    }

    private(set) var state: State = .connecting

    mutating func receive(_ notification: SCTPNotification) -> [Output] {
        switch notification {
        case .associationChange(let change, let inbound, let outbound):
            switch change {
            case .communicationUp:
                guard state == .connecting else { return [] }
                state = .up
                return [.deliver(.associationUp(inboundStreams: inbound, outboundStreams: outbound)), .connected]
            case .restart:
                return state == .up ? [.deliver(.associationRestarted)] : []
            case .communicationLost:
                return goDown(.communicationLost)
            case .shutdownComplete:
                return goDown(.peerShutdown)
            case .cannotStartAssociation:
                return goDown(.communicationLost)
            case .other:
                return []
            }
        case .peerAddressChange(let address, let addressState):
            guard state == .up, let address else { return [] }
            return [.deliver(.peerAddressChanged(address, addressState))]
        case .shutdown:
            // SHUTDOWN received (RFC 4960 §9.2): the peer is leaving; SHUTDOWN_COMP or EOF follows.
            return goDown(.peerShutdown)
        case .sendFailed(let failure):
            return state == .down ? [] : [.deliver(.sendFailed(failure))]
        case .other:
            return []
        }
    }

    /// The socket returned end-of-file or a fatal error.
    mutating func endOfFile(_ reason: SIGTRANAssociationDownReason) -> [Output] {
        goDown(reason)
    }

    /// `close()` was called here.
    mutating func closedLocally() -> [Output] {
        goDown(.closedLocally)
    }

    private mutating func goDown(_ reason: SIGTRANAssociationDownReason) -> [Output] {
        switch state {
        case .connecting:
            state = .down
            return [.connectRefused, .release]
        case .up:
            state = .down
            return [.deliver(.associationDown(reason)), .release]
        case .down:
            return []
        }
    }
}
