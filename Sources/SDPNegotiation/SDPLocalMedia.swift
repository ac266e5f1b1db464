public import SDPWire

/// The media side's end of one call leg: where it receives RTP and what it can do, all injected (ids, address,
/// port, keys) so offers are reproducible in tests.
public struct SDPLocalMedia: Hashable, Sendable {
    /// ICE-lite credentials and host candidates (RFC 8839 §5.3, §5.4; RFC 8445 §2.5: a lite agent has host
    /// candidates only).
    public struct ICELite: Hashable, Sendable {
        public var usernameFragment: String
        public var password: String
        public var candidates: [SDPCandidate]

        public init(usernameFragment: String, password: String, candidates: [SDPCandidate]) {
            self.usernameFragment = usernameFragment
            self.password = password
            self.candidates = candidates
        }
    }

    public var sessionID: UInt64
    public var sessionVersion: UInt64
    /// The RTP address; IPv6 when it contains ':'.
    public var address: String
    public var port: UInt16
    public var codecs: [SDPCodec]
    public var packetTime: UInt32
    /// Offer `a=rtcp-mux` (RFC 5761 §5.1.1).
    public var rtcpMux: Bool
    public var iceLite: ICELite?
    /// SDES keys (RFC 4568); offering any makes the profile RTP/SAVP.
    public var cryptos: [SDPCrypto]
    public var direction: SDPDirection

    public init(
        sessionID: UInt64, sessionVersion: UInt64 = 1, address: String, port: UInt16,
        codecs: [SDPCodec] = SDPCodec.mediaSide, packetTime: UInt32 = 20, rtcpMux: Bool = true,
        iceLite: ICELite? = nil, cryptos: [SDPCrypto] = [], direction: SDPDirection = .sendrecv
    ) {
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.address = address
        self.port = port
        self.codecs = codecs
        self.packetTime = packetTime
        self.rtcpMux = rtcpMux
        self.iceLite = iceLite
        self.cryptos = cryptos
        self.direction = direction
    }

    var addressType: String { address.contains(":") ? "IP6" : "IP4" }

    /// The session-level lines and one audio m-line carrying `codecs`, in order (RFC 3264 §5).
    func description(codecs: [SDPCodec], direction: SDPDirection, cryptos: [SDPCrypto]) -> SDPSessionDescription {
        var media = SDPMediaDescription(
            port: port, proto: cryptos.isEmpty ? "RTP/AVP" : "RTP/SAVP", formats: codecs.map { String($0.payloadType) })
        for codec in codecs {
            media.attributes.append(SDPAttribute("rtpmap", codec.rtpMap.wireText))
            if let parameters = codec.formatParameters {
                media.attributes.append(SDPAttribute("fmtp", "\(codec.payloadType) \(parameters)"))
            }
        }
        media.attributes.append(SDPAttribute("ptime", String(packetTime)))
        if rtcpMux { media.attributes.append(SDPAttribute("rtcp-mux")) }
        if let iceLite {
            media.attributes.append(SDPAttribute("ice-ufrag", iceLite.usernameFragment))
            media.attributes.append(SDPAttribute("ice-pwd", iceLite.password))
            for candidate in iceLite.candidates {
                media.attributes.append(SDPAttribute("candidate", candidate.wireText))
            }
        }
        for crypto in cryptos { media.attributes.append(SDPAttribute("crypto", crypto.wireText)) }
        media.setDirection(direction)
        return SDPSessionDescription(
            origin: SDPOrigin(
                sessionID: String(sessionID), sessionVersion: String(sessionVersion), addressType: addressType,
                address: address),
            connection: SDPConnection(addressType: addressType, address: address),
            // RFC 8839 §5.3: "ice-lite" is a session-level attribute.
            attributes: iceLite == nil ? [] : [SDPAttribute("ice-lite")],
            media: [media])
    }
}
