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
