import NIOConcurrencyHelpers
import NIOCore

/// The open stream connections, by id and by remote address (for reuse: RFC 3261 §18.1.1 "a client ... SHOULD
/// use an existing connection ... to the same destination" — stated for responses in §18.2.2, the same holds here).
final class SIPConnectionRegistry: Sendable {
    private struct State {
        var nextID: UInt64 = 1
        var channels: [SIPConnectionID: any Channel] = [:]
        var byRemote: [Peer: SIPConnectionID] = [:]
    }

    /// A connection is reused only for the same transport to the same address (TCP and TLS to one port differ).
    private struct Peer: Hashable {
        var kind: SIPTransportKind
        var remote: SocketAddress
    }

    private let state = NIOLockedValueBox(State())

    func allocateID() -> SIPConnectionID {
        state.withLockedValue { state in
            defer { state.nextID += 1 }
            return SIPConnectionID(rawValue: state.nextID)
        }
    }

    func add(_ id: SIPConnectionID, kind: SIPTransportKind, channel: any Channel, remote: SocketAddress?) {
        state.withLockedValue { state in
            state.channels[id] = channel
            if let remote { state.byRemote[Peer(kind: kind, remote: remote)] = id }
        }
    }

    func remove(_ id: SIPConnectionID) {
        state.withLockedValue { state in
            state.channels.removeValue(forKey: id)
            state.byRemote = state.byRemote.filter { $0.value != id }
        }
    }

    func channel(_ id: SIPConnectionID) -> (any Channel)? {
        state.withLockedValue { $0.channels[id] }
    }

    func connection(_ kind: SIPTransportKind, to remote: SocketAddress) -> (SIPConnectionID, any Channel)? {
        state.withLockedValue { state in
            guard let id = state.byRemote[Peer(kind: kind, remote: remote)], let channel = state.channels[id] else {
                return nil
            }
            return (id, channel)
        }
    }

    func all() -> [any Channel] {
        state.withLockedValue { Array($0.channels.values) }
    }

    var count: Int { state.withLockedValue { $0.channels.count } }
}
