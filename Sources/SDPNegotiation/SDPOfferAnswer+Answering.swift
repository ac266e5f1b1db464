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
        let cryptos = offered.cryptos.prefix(1).compactMap { theirs in
            local.cryptos.first { $0.suite == theirs.suite }.map {
                SDPCrypto(tag: theirs.tag, suite: $0.suite, keyParameters: $0.keyParameters)
            }
        }
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
            packetTime: offered.packetTime ?? local.packetTime, remoteICE: nil, crypto: offered.cryptos.first)
        return (answer, negotiated)
    }
}
