public import MediaCodecs
public import RTPWire

/// Names one app leg (one forked branch) of a call; opaque to the bridge, chosen by the caller.
public struct MediaLegID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public var description: String { "leg\(rawValue)" }
}

/// What SDP negotiated for one app leg (the codec chooser's output is an input here).
public struct MediaLegCodec: Hashable, Sendable {
    public var format: CodecFormat
    public var payloadType: RTPPayloadType
    /// RFC 4733 telephone-event payload type at the codec's RTP clock rate (RFC 4733 §7.1.1); nil = DTMF stays
    /// in band in the audio.
    public var telephoneEvent: RTPPayloadType?
    /// Packetisation in ms (RFC 3551 §4.5 default 20).
    public var ptime: Int

    public init(format: CodecFormat, payloadType: RTPPayloadType, telephoneEvent: RTPPayloadType? = nil, ptime: Int = 20)
    {
        self.format = format
        self.payloadType = payloadType
        self.telephoneEvent = telephoneEvent
        self.ptime = ptime
    }

    /// PCMA, PT 8 (RFC 3551 Table 4), telephone-event on `event`.
    public static func pcma(telephoneEvent event: RTPPayloadType? = RTPPayloadType(101)) -> MediaLegCodec {
        MediaLegCodec(format: .g711(.aLaw), payloadType: .pcma, telephoneEvent: event)
    }

    /// RTP timestamp units per packet.
    public var samplesPerPacket: UInt32 { UInt32(format.rtpClockRate * ptime / 1000) }
}

/// One RTP packet for the shell to send on a leg.
///
/// `samples` is how far the leg's RTP timestamp moves after this packet: `samplesPerPacket` for audio; 0 for
/// every telephone-event packet but the last of an event, which moves it past all the periods the event took —
/// RFC 4733 §2.5.1.2: every packet of an event carries the event's start timestamp.
public struct OutgoingRTP: Hashable, Sendable {
    public var payloadType: RTPPayloadType
    public var payload: [UInt8]
    public var samples: UInt32
    public var marker: Bool

    public init(payloadType: RTPPayloadType, payload: [UInt8], samples: UInt32, marker: Bool = false) {
        self.payloadType = payloadType
        self.payload = payload
        self.samples = samples
        self.marker = marker
    }
}
