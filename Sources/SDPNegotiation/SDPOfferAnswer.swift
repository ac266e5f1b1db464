public import SDPWire

/// RFC 3264 offer/answer for the one audio stream of a call leg towards a device.
public enum SDPOfferAnswer {
    /// The offer to a device (RFC 3264 §5): the media side's codecs ordered for the device's bandwidth (see
    /// ``SDPDeviceBandwidth/order(_:packetTime:)``).
    public static func offer(_ local: SDPLocalMedia, bandwidth: SDPDeviceBandwidth = .unknown) -> SDPSessionDescription
    {
        local.description(
            codecs: bandwidth.order(local.codecs, packetTime: local.packetTime), direction: local.direction,
            cryptos: local.cryptos)
    }

    /// Checks an answer against our offer (RFC 3264 §6, §7) and picks what is sent.
    ///
    /// RFC 3264 §6: "The answer MUST contain exactly the same number of "m=" lines as the offer"; §6.1: the
    /// answer's formats for RTP are taken from the offer ("the answerer MUST NOT add" formats absent from it is the
    /// reading here, matched by rtpmap for dynamic payload types), its direction must fit the offered one, and "the
    /// offerer ... SHOULD use the first" format of the answer it supports (§7).
    public static func evaluate(
        answer: SDPSessionDescription, offer: SDPSessionDescription
    ) throws(SDPNegotiationError) -> SDPNegotiatedAudio {
        guard answer.media.count == offer.media.count else {
            throw .mediaCountMismatch(offered: offer.media.count, answered: answer.media.count)
        }
        guard let index = offer.media.firstIndex(where: { $0.media == "audio" }) else { throw .noAudioOffered }
        let (offered, answered) = (offer.media[index], answer.media[index])
        guard answered.media == offered.media else { throw .mediaTypeMismatch(index: index) }
        // RFC 3264 §6: "An offered stream MAY be rejected in the answer, for any reason ... by setting the port
        // in the m-line of the answer to zero."
        guard answered.port != 0 else { throw .audioRejected }
        let offeredDirection = offer.effectiveDirection(of: offered)
        let answeredDirection = answer.effectiveDirection(of: answered)
        guard offeredDirection.allowsAnswer(answeredDirection) else {
            throw .directionNotAllowed(offered: offeredDirection, answered: answeredDirection)
        }
        guard let connection = answer.effectiveConnection(of: answered) else { throw .noConnection }
        var chosen: (codec: SDPCodec, payloadType: UInt8)?
        var telephoneEvent: UInt8?
        for format in answered.formats {
            guard let payloadType = UInt8(format) else { throw .unknownFormat(format) }
            guard let codec = codec(payloadType, in: answered, offered: offered) else { throw .unknownFormat(format) }
            if codec.isTelephoneEvent {
                telephoneEvent = telephoneEvent ?? payloadType
            } else if chosen == nil {
                chosen = (codec, payloadType)
            }
        }
        guard let chosen else { throw .noCommonCodec }
        let rtcpMux = offered.rtcpMux && answered.rtcpMux
        let keys = try crypto(answered: answered, offered: offered)
        return SDPNegotiatedAudio(
            codec: chosen.codec, payloadType: chosen.payloadType, telephoneEventPayloadType: telephoneEvent,
            remoteAddress: connection.address, remotePort: answered.port,
            remoteRTCPPort: rtcpMux ? answered.port : (answered.rtcp?.port ?? answered.port &+ 1), rtcpMux: rtcpMux,
            direction: answeredDirection, packetTime: answered.packetTime ?? offered.packetTime ?? 20,
            remoteICE: answered.iceUsernameFragment.map { ufrag in
                SDPNegotiatedAudio.RemoteICE(
                    usernameFragment: ufrag, password: answered.icePassword ?? "", candidates: answered.candidates,
                    lite: answer.hasAttribute("ice-lite"))
            },
            crypto: keys?.remote, localCrypto: keys?.local)
    }

    /// The offered codec a format of the answer names: by rtpmap when the answer has one (dynamic types may be
    /// renumbered, RFC 3264 §6.1), else by the same static payload type in the offer.
    private static func codec(_ payloadType: UInt8, in answered: SDPMediaDescription, offered: SDPMediaDescription)
        -> SDPCodec?
    {
        let offeredCodecs = offered.formats.compactMap { format -> SDPCodec? in
            guard let number = UInt8(format) else { return nil }
            let map = offered.rtpMap(for: number) ?? SDPCodec.staticMap(number)
            guard let map else { return nil }
            var codec = SDPCodec.known(map)
            codec.payloadType = number
            return codec
        }
        let found: SDPCodec?
        if let map = answered.rtpMap(for: payloadType) {
            found = offeredCodecs.first { $0.matches(map) }
        } else {
            found = offeredCodecs.first { $0.payloadType == payloadType && payloadType < 96 }
        }
        guard var codec = found else { return nil }
        // The answerer's format parameters say what it takes (RFC 3264 §6.1 with RFC 4856 §2.1.9: G.729 `annexb=no`
        // means no Annex B towards it; RFC 7587 §6.1: Opus receive preferences), so the sender follows them.
        if let parameters = answered.formatParameters(for: String(payloadType)) {
            codec.formatParameters = parameters.parameters
        }
        return codec
    }

    /// RFC 4568 §7.1.3 checks on the answer to an SDES offer: the profile stays secure (RTP/SAVP), and "the
    /// answer MUST ... contain exactly one" crypto line whose tag and suite are those of an offered line, with a
    /// key we can run. Returns (theirs, ours).
    private static func crypto(answered: SDPMediaDescription, offered: SDPMediaDescription)
        throws(SDPNegotiationError) -> (remote: SDPCrypto, local: SDPCrypto)?
    {
        guard !offered.cryptos.isEmpty else { return nil }
        guard answered.proto.contains("SAVP"), answered.cryptos.count == 1, let crypto = answered.cryptos.first,
            let ours = offered.cryptos.first(where: { $0.tag == crypto.tag && $0.suite == crypto.suite }),
            (try? SDESKey(crypto: crypto)) != nil
        else { throw .noCryptoAccepted }
        return (crypto, ours)
    }

    /// Fresh `a=crypto` lines for an offer: one per suite, tags 1, 2, ... in preference order (RFC 4568 §5.1.1),
    /// each with its own key from `random` (RFC 4568 §8.1: a key is never reused across suites or sessions).
    public static func freshCryptos<R: RandomNumberGenerator>(
        suites: [SDESCryptoSuite] = SDESCryptoSuite.offered, using random: inout R
    ) -> [SDPCrypto] {
        suites.enumerated().map { index, suite in
            SDESKey.generate(suite: suite, using: &random).crypto(tag: UInt32(index + 1))
        }
    }
}
