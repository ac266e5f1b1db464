public import SDPWire

extension SDPCodec {
    /// The static audio payload types of RFC 3551 Table 4 this gateway knows, for m-lines without rtpmap
    /// (RFC 8866 §6.6: rtpmap may be omitted for static payload types).
    public static func staticMap(_ payloadType: UInt8) -> SDPRTPMap? {
        switch payloadType {
        case 0: SDPRTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000)
        case 8: SDPRTPMap(payloadType: 8, encodingName: "PCMA", clockRate: 8000)
        case 9: SDPRTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000)
        case 18: SDPRTPMap(payloadType: 18, encodingName: "G729", clockRate: 8000)
        default: nil
        }
    }

    /// Our codec for an rtpmap: the catalog entry when it matches, else a codec of unknown rate and lowest rank.
    public static func known(_ map: SDPRTPMap) -> SDPCodec {
        if let codec = (mediaSide + [.g729]).first(where: { $0.matches(map) }) { return codec }
        return SDPCodec(
            encodingName: map.encodingName, clockRate: map.clockRate, channels: map.channels,
            payloadType: map.payloadType, bitrate: 0, quality: 0)
    }
}
