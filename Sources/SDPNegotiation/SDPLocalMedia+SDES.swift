public import SDPWire

extension SDPLocalMedia {
    /// This leg's media with fresh SDES keys when it is to be secured, without any otherwise.
    ///
    /// A leg is secured when the device signalled over TLS: RFC 4568 §8.3 — SDES keys travel in clear inside the
    /// SDP, so "the SDP MUST be protected", which towards a device means SIP over TLS (RFC 3261 §26.2). Such a
    /// leg offers RTP/SAVP with one `a=crypto` line per suite (RFC 4568 §7.1.1), each with its own key from
    /// `random`; any other leg offers plain RTP/AVP.
    public func securing<R: RandomNumberGenerator>(
        _ secure: Bool, suites: [SDESCryptoSuite] = SDESCryptoSuite.offered, using random: inout R
    ) -> SDPLocalMedia {
        var media = self
        media.cryptos = secure ? SDPOfferAnswer.freshCryptos(suites: suites, using: &random) : []
        return media
    }
}

extension SDPOfferAnswer {
    /// `offer` for a device whose signalling is protected (RFC 4568 §8.3): every RTP/AVP(F) audio stream becomes
    /// RTP/SAVP(F) with fresh `a=crypto` lines for `suites` (§7.1.1, one key per line from `random`); the rest of the
    /// offer — origin, address, port, codecs, order — is unchanged, so a forked call's branches differ only in the
    /// profile and keys. An audio stream that already carries keys is kept as it is.
    public static func secured<R: RandomNumberGenerator>(
        _ offer: SDPSessionDescription, suites: [SDESCryptoSuite] = SDESCryptoSuite.offered, using random: inout R
    ) -> SDPSessionDescription {
        var offer = offer
        for index in offer.media.indices where offer.media[index].media == "audio" {
            guard offer.media[index].cryptos.isEmpty,
                ["RTP/AVP", "RTP/AVPF"].contains(offer.media[index].proto.uppercased())
            else { continue }
            offer.media[index].proto = offer.media[index].proto.uppercased() == "RTP/AVPF" ? "RTP/SAVPF" : "RTP/SAVP"
            for crypto in freshCryptos(suites: suites, using: &random) {
                offer.media[index].attributes.append(SDPAttribute("crypto", crypto.wireText))
            }
        }
        return offer
    }
}
