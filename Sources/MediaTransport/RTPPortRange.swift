/// The UDP ports media may use, e.g. 30000–39999 from the configuration (issue 6: "RTP/RTCP sockets from a
/// configurable port range").
///
/// RTP takes even ports (RFC 3550 §11: "RTP data SHOULD be carried on an even UDP port number"); with rtcp-mux
/// (RFC 5761) RTCP shares it, otherwise RTCP takes the next odd one. Candidates start at a rotating offset so
/// consecutive calls do not all race for the lowest port.
public struct RTPPortRange: Hashable, Sendable {
    public let lower: UInt16
    public let upper: UInt16

    public init(lower: UInt16, upper: UInt16) {
        precondition(lower <= upper, "empty port range")
        self.lower = lower
        self.upper = upper
    }

    /// Even ports in the range (each with its odd neighbour inside the range), starting after `offset` and wrapping.
    public func evenPorts(startingAt offset: Int) -> [UInt16] {
        let first = Int(lower) + Int(lower) % 2
        let evens = Array(stride(from: first, through: Int(upper) - 1, by: 2)).map { UInt16($0) }
        guard !evens.isEmpty else { return [] }
        let start = ((offset % evens.count) + evens.count) % evens.count
        return Array(evens[start...] + evens[..<start])
    }
}
