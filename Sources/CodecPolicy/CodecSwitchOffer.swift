public import SDPNegotiation
public import SDPWire

/// The re-INVITE offer of a codec switch (RFC 3264 §8), built with ``SDPOfferAnswer/offer(_:bandwidth:)`` from the
/// leg's local media so addresses, ports, keys and ICE stay as they were.
public enum CodecSwitchOffer {
    /// An offer listing `chosen` first, then `fallbacks` in order, then telephone-event when `telephoneEvent`.
    ///
    /// RFC 3264 §5.1: formats are "listed in order of preference, with the most preferred format first". An Opus
    /// entry carries `maxaveragebitrate` (RFC 7587 §6.1: "the maximum average receive bitrate of a session") at
    /// the rate chosen for the leg, so the device's own encoder stays within the bandwidth too.
    public static func make(
        local: SDPLocalMedia, chosen: SDPCodec, fallbacks: [SDPCodec], telephoneEvent: Bool
    ) -> SDPSessionDescription {
        var local = local
        let event = local.codecs.first(where: \.isTelephoneEvent) ?? .telephoneEvent
        let wanted = [chosen] + fallbacks.filter { $0.encodingName.lowercased() != chosen.encodingName.lowercased() }
        local.codecs = wanted.map { codec in
            var entry = local.codecs.first { $0.encodingName.lowercased() == codec.encodingName.lowercased() } ?? codec
            if codec.isOpus {
                let base = entry.formatParameters.map { $0 + ";" } ?? ""
                entry.formatParameters = base + "maxaveragebitrate=\(codec.bitrate)"
            }
            return entry
        }
        if telephoneEvent { local.codecs.append(event) }
        var offer = SDPOfferAnswer.offer(local)
        // `offer` orders by quality; the switch needs its own order, so the m-line's format list is set here.
        if let index = offer.media.firstIndex(where: { $0.media == "audio" }) {
            offer.media[index].formats = local.codecs.map { String($0.payloadType) }
        }
        return offer
    }
}
