/// A session description (RFC 8866 §5): session-level fields, then zero or more media descriptions.
///
/// ```
/// v=0
/// o=- 4711 1 IN IP4 192.0.2.10
/// s=-
/// c=IN IP4 192.0.2.10
/// t=0 0
/// m=audio 49170 RTP/AVP 8 101
/// a=rtpmap:101 telephone-event/8000
/// ```
/// Parse with ``init(parsing:)`` (hostile input gives an ``SDPDecodingError``, never a crash); write with
/// ``encoded`` (CRLF line ends, RFC 8866 §5).
public struct SDPSessionDescription: Hashable, Sendable {
    /// `v=` — RFC 8866 §5.1: "there is no minor version number"; only 0 is defined.
    public var version: UInt32
    public var origin: SDPOrigin
    /// `s=` — RFC 8866 §5.3: "a single ASCII space or "-" " when there is no name.
    public var sessionName: String
    public var otherLines: [SDPLine]
    public var connection: SDPConnection?
    public var bandwidths: [SDPBandwidth]
    /// `t=` lines; RFC 8866 §5.9 requires at least one.
    public var timings: [SDPTiming]
    public var attributes: [SDPAttribute]
    public var media: [SDPMediaDescription]

    public init(
        version: UInt32 = 0, origin: SDPOrigin, sessionName: String = "-", otherLines: [SDPLine] = [],
        connection: SDPConnection? = nil, bandwidths: [SDPBandwidth] = [], timings: [SDPTiming] = [SDPTiming()],
        attributes: [SDPAttribute] = [], media: [SDPMediaDescription] = []
    ) {
        self.version = version
        self.origin = origin
        self.sessionName = sessionName
        self.otherLines = otherLines
        self.connection = connection
        self.bandwidths = bandwidths
        self.timings = timings
        self.attributes = attributes
        self.media = media
    }

    /// Whether a session-level property attribute (`a=ice-lite`) is present.
    public func hasAttribute(_ name: String) -> Bool { attributes.contains { $0.name == name } }

    /// The session-level direction attribute (RFC 8866 §6.7).
    public var direction: SDPDirection? { attributes.lazy.compactMap { SDPDirection(rawValue: $0.name) }.first }

    /// The direction in force for a media description: media level, else session level, else sendrecv
    /// (RFC 8866 §6.7: "If none of the attributes ... is present, "sendrecv" SHOULD be assumed").
    public func effectiveDirection(of media: SDPMediaDescription) -> SDPDirection {
        media.direction ?? direction ?? .sendrecv
    }

    /// The connection for a media description: its own first `c=`, else the session's (RFC 8866 §5.7).
    public func effectiveConnection(of media: SDPMediaDescription) -> SDPConnection? {
        media.connections.first ?? connection
    }

    /// The bandwidth the description declares, in bits per second, from `b=TIAS` (RFC 3890) or else `b=AS`
    /// (kbps, RFC 8866 §5.8), media level before session level; nil when none is given.
    public func declaredBandwidth(of media: SDPMediaDescription? = nil) -> UInt64? {
        for list in [media?.bandwidths ?? [], bandwidths] {
            if let tias = list.first(where: { $0.type == "TIAS" }) { return tias.value }
            if let applicationSpecific = list.first(where: { $0.type == "AS" }) {
                return applicationSpecific.value.multipliedReportingOverflow(by: 1000).partialValue
            }
        }
        return nil
    }
}
