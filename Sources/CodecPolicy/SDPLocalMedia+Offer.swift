public import SDPNegotiation
public import SDPWire

extension SDPLocalMedia {
    /// Our media as our own offer described it: the inverse of ``SDPOfferAnswer/offer(_:bandwidth:)`` for the
    /// first audio stream — origin session id and version, connection address, port, codecs in the m-line's order
    /// with our payload types and fmtp, ptime, rtcp-mux, ICE-lite credentials and candidates, SDES keys, direction.
    ///
    /// The chooser's re-INVITE offers must keep all of it but the codecs (RFC 3264 §8: "the offer MUST … be
    /// identical to the previous … except" for what changes; §8.3.1: the address and port stay for the same
    /// stream), and the forking side gives the gateway its offer only as SDP. Codecs of the media side's catalogue
    /// (``SDPCodec/mediaSide``) keep their bitrate and quality; unknown ones are kept with neither. Nil without an
    /// audio stream, a parsable origin session id or a connection address.
    public init?(offer: SDPSessionDescription) {
        guard let audio = offer.media.first(where: { $0.media == "audio" }),
            let sessionID = UInt64(offer.origin.sessionID), let connection = offer.effectiveConnection(of: audio)
        else { return nil }
        var codecs: [SDPCodec] = []
        for format in audio.formats {
            guard let payloadType = UInt8(format),
                let map = audio.rtpMap(for: payloadType) ?? SDPCodec.staticMap(payloadType)
            else { continue }
            var codec =
                SDPCodec.mediaSide.first { $0.matches(map) }
                ?? SDPCodec(
                    encodingName: map.encodingName, clockRate: map.clockRate, channels: map.channels,
                    payloadType: payloadType, bitrate: 0, quality: 0)
            codec.payloadType = payloadType
            codec.formatParameters = audio.formatParameters(for: format)?.parameters
            codecs.append(codec)
        }
        let ice = audio.iceUsernameFragment.map { fragment in
            ICELite(usernameFragment: fragment, password: audio.icePassword ?? "", candidates: audio.candidates)
        }
        self.init(
            sessionID: sessionID, sessionVersion: UInt64(offer.origin.sessionVersion) ?? 1,
            address: connection.address, port: audio.port, codecs: codecs, packetTime: audio.packetTime ?? 20,
            rtcpMux: audio.rtcpMux, iceLite: ice, cryptos: audio.cryptos,
            direction: offer.effectiveDirection(of: audio))
    }
}
