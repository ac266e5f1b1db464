public import SDPWire

extension SDPOfferAnswer {
    /// Our answer to an offer from a device (a re-INVITE or UPDATE putting the call on hold or back, RFC 3264 §8.4),
    /// and what it settles.
    ///
    /// RFC 3264 §6: one m-line per offered m-line, non-audio ones rejected with port 0; §6.1: the first offered
    /// codec we support is kept (the offer's order is the offerer's preference) with telephone-event when both have
    /// it, payload numbers as offered; the direction is the offered one mirrored (sendonly → recvonly...); rtcp-mux
    /// only when offered (RFC 5761 §5.1.1).
    public static func answer(
        to offer: SDPSessionDescription, local: SDPLocalMedia
    ) throws(SDPNegotiationError) -> (answer: SDPSessionDescription, audio: SDPNegotiatedAudio) {
        guard let index = offer.media.firstIndex(where: { $0.media == "audio" && $0.port != 0 }) else {
            throw .noAudioOffered
        }
        let offered = offer.media[index]
        var audioCodec: SDPCodec?
        var telephoneEvent: SDPCodec?
        for format in offered.formats {
            guard let number = UInt8(format), let map = offered.rtpMap(for: number) ?? SDPCodec.staticMap(number),
                var codec = local.codecs.first(where: { $0.matches(map) })
            else { continue }
            codec.payloadType = number
            if codec.isTelephoneEvent {
                telephoneEvent = telephoneEvent ?? codec
            } else {
                audioCodec = audioCodec ?? codec
            }
        }
        guard let audioCodec else { throw .noCommonCodec }
        guard let connection = offer.effectiveConnection(of: offered) else { throw .noConnection }
        var mirrored = local
        mirrored.rtcpMux = local.rtcpMux && offered.rtcpMux
        let direction = offer.effectiveDirection(of: offered).reversed
        let keys = try crypto(offered: offered, local: local)
        let cryptos = keys.map { [$0.local] } ?? []
        var answer = mirrored.description(
            codecs: [audioCodec] + (telephoneEvent.map { [$0] } ?? []), direction: direction, cryptos: cryptos)
        answer.media[0].proto = offered.proto
        let audioAnswer = answer.media[0]
        answer.media = offer.media.enumerated().map { position, media in
            position == index
                ? audioAnswer
                : SDPMediaDescription(media: media.media, port: 0, proto: media.proto, formats: media.formats)
        }
        let negotiated = SDPNegotiatedAudio(
            codec: audioCodec, payloadType: audioCodec.payloadType,
            telephoneEventPayloadType: telephoneEvent?.payloadType, remoteAddress: connection.address,
            remotePort: offered.port,
            remoteRTCPPort: mirrored.rtcpMux ? offered.port : (offered.rtcp?.port ?? offered.port &+ 1),
            rtcpMux: mirrored.rtcpMux, direction: offer.effectiveDirection(of: offered),
            packetTime: offered.packetTime ?? local.packetTime, remoteICE: nil, crypto: keys?.remote,
            localCrypto: keys?.local)
        return (answer, negotiated)
    }

    /// RFC 4568 §7.1.2 for a secure offer (RTP/SAVP, RTP/SAVPF): the first offered crypto line whose suite we
    /// have a fresh local key for and whose key we can run is accepted, answered under its tag with our key;
    /// none acceptable → 488. A plain RTP/AVP offer is answered without SRTP (crypto lines there are ignored:
    /// RFC 4568 §3.1.4 defines them for the secure profiles).
    private static func crypto(offered: SDPMediaDescription, local: SDPLocalMedia)
        throws(SDPNegotiationError) -> (remote: SDPCrypto, local: SDPCrypto)?
    {
        guard offered.proto.contains("SAVP") else { return nil }
        for theirs in offered.cryptos where (try? SDESKey(crypto: theirs)) != nil {
            guard let ours = local.cryptos.first(where: { $0.suite == theirs.suite }) else { continue }
            return (theirs, SDPCrypto(tag: theirs.tag, suite: ours.suite, keyParameters: ours.keyParameters))
        }
        throw .noCryptoAccepted
    }
}
