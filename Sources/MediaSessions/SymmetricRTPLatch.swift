/// Learns where to send a leg's media from where its media comes from (symmetric RTP, RFC 4961 §3; the
/// "comedia" practice of RFC 4145 §4 applied to RTP).
///
/// Apps sit behind NAT: the address in their SDP is often private. RFC 4961 §3: "a device that sends and
/// receives RTP on the same port"; so the source of its packets is the address to answer to.
/// ```
///  unlatched(signalled) ──N consecutive valid packets from A──▶ latched(A)
///  latched(A) ──N consecutive valid packets from B (same SSRC) ──▶ latched(B)  (NAT rebinding; if allowed)
/// ```
/// A packet is "valid" when the caller says so (it decoded as RTP/RTCP of a negotiated payload type, SSRC as
/// expected); the latch never trusts an address on one stray packet when `requiredPackets` > 1.
public struct SymmetricRTPLatch<Address: Hashable & Sendable>: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        /// Sending to the signalled address (if any) until the peer's packets arrive.
        case unlatched(signalled: Address?)
        case latched(Address, ssrc: UInt32?)
    }

    /// What to do with an arriving packet.
    public enum Verdict: Hashable, Sendable {
        /// Process it (it comes from the latched source, or from a candidate while unlatched).
        case accept
        /// Process it; the destination is now this address.
        case latchedTo(Address)
        /// Drop it: it comes from another address while latched (RFC 4961 §4 off-path injection guard).
        case ignore
    }

    public private(set) var state: State
    public let requiredPackets: Int
    public let allowRelatch: Bool
    private var candidate: (address: Address, ssrc: UInt32?, count: Int)?
    /// A source the leg no longer belongs to (a forked call's branch that lost to another's answer): its packets
    /// are dropped, never latched, until the leg is resignalled again.
    public private(set) var excluded: UInt32?

    public init(signalled: Address?, requiredPackets: Int = 2, allowRelatch: Bool = true) {
        precondition(requiredPackets >= 1)
        self.state = .unlatched(signalled: signalled)
        self.requiredPackets = requiredPackets
        self.allowRelatch = allowRelatch
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.state == rhs.state }
    public func hash(into hasher: inout Hasher) { hasher.combine(state) }

    /// Where media goes now: the latched source, else the signalled address.
    public var destination: Address? {
        switch state {
        case .unlatched(let signalled): signalled
        case .latched(let address, _): address
        }
    }

    /// New signalling for the leg (another branch's answer, a re-INVITE moving the media): forget the latch and
    /// send to `signalled` until the new peer's packets arrive (RFC 4961 §3 applies afresh to the new session).
    ///
    /// `excludingCurrentSource`: the new signalling is another peer's (another branch answered after this one's early
    /// media): the SSRC latched now (or being counted) is dropped from then on, so the old peer's packets still in
    /// flight cannot take the latch before the new peer's arrive.
    public mutating func resignal(_ signalled: Address?, excludingCurrentSource: Bool = false) {
        if excludingCurrentSource {
            switch state {
            case .latched(_, let ssrc?): excluded = ssrc
            default: excluded = candidate?.ssrc ?? nil
            }
        } else {
            excluded = nil
        }
        state = .unlatched(signalled: signalled)
        candidate = nil
    }

    /// One valid packet from `source` with `ssrc` (nil for packets without one, e.g. STUN).
    public mutating func receiveValidPacket(from source: Address, ssrc: UInt32?) -> Verdict {
        if let excluded, ssrc == excluded { return .ignore }
        switch state {
        case .unlatched:
            return count(source, ssrc: ssrc) ? latch(source, ssrc: ssrc) : .accept
        case .latched(let address, let latchedSSRC):
            if address == source {
                candidate = nil
                return .accept
            }
            guard allowRelatch, latchedSSRC == nil || ssrc == latchedSSRC else { return .ignore }
            return count(source, ssrc: ssrc) ? latch(source, ssrc: ssrc) : .ignore
        }
    }

    private mutating func count(_ source: Address, ssrc: UInt32?) -> Bool {
        if let current = candidate, current.address == source, current.ssrc == ssrc {
            candidate = (source, ssrc, current.count + 1)
        } else {
            candidate = (source, ssrc, 1)
        }
        return candidate!.count >= requiredPackets
    }

    private mutating func latch(_ source: Address, ssrc: UInt32?) -> Verdict {
        state = .latched(source, ssrc: ssrc)
        candidate = nil
        return .latchedTo(source)
    }
}
