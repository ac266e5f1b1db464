import CodecPolicy
import MediaCodecs
import MediaSessions
import RTPWire
import SDPNegotiation
import SDPWire
import Testing

/// Our media in the tests: the media side's codecs (Opus, PCMA, PCMU, G.729, telephone-event), 20 ms.
let localMedia = SDPLocalMedia(sessionID: 4711, address: "192.0.2.10", port: 30000)

/// A device's session description naming `codecs` (with rtpmap, Opus with `useinbandfec=1` unless `fec` is
/// false), telephone-event when `events`.
func deviceSDP(_ codecs: [SDPCodec], events: Bool = true, fec: Bool = true, version: Int = 1) throws
    -> SDPSessionDescription
{
    let list = codecs + (events ? [.telephoneEvent] : [])
    var media = "m=audio 50000 RTP/AVP " + list.map { String($0.payloadType) }.joined(separator: " ") + "\r\n"
    for codec in list {
        media += "a=rtpmap:\(codec.rtpMap.wireText)\r\n"
        if codec.isOpus && fec { media += "a=fmtp:\(codec.payloadType) useinbandfec=1\r\n" }
    }
    media += "a=ptime:20\r\na=rtcp-mux\r\n"
    let text = "v=0\r\no=- 9 \(version) IN IP4 198.51.100.5\r\ns=-\r\nc=IN IP4 198.51.100.5\r\nt=0 0\r\n" + media
    return try SDPSessionDescription(parsing: Array(text.utf8))
}

/// A chooser after an offer/answer in which the device answered `answered` (its first codec in effect).
func chooser(
    device answered: [SDPCodec], bandwidth: SDPDeviceBandwidth, fec: Bool = true,
    configuration: CodecPolicyConfiguration = .init()
) throws -> CodecChooser {
    let offer = SDPOfferAnswer.offer(localMedia, bandwidth: bandwidth)
    let answer = try deviceSDP(answered, fec: fec)
    let negotiated = try SDPOfferAnswer.evaluate(answer: answer, offer: offer)
    return try CodecChooser(
        local: localMedia, remote: answer, negotiated: negotiated, bandwidth: bandwidth,
        configuration: configuration, at: .zero)
}

/// The device answering a switch offer with the codec named `pick` (else the offer's first), through the real
/// RFC 3264 evaluation.
func answer(_ offer: SDPSessionDescription, pick: String? = nil) throws -> SDPNegotiatedAudio {
    let media = try #require(offer.media.first)
    let codecs = media.formats.compactMap { UInt8($0) }.compactMap { media.rtpMap(for: $0) }.map { map in
        var codec = SDPCodec.known(map)
        codec.payloadType = map.payloadType
        return codec
    }
    let audio = codecs.filter { !$0.isTelephoneEvent }
    let chosen = try #require(pick.map { name in audio.first { $0.encodingName == name } } ?? audio.first)
    return try SDPOfferAnswer.evaluate(
        answer: try deviceSDP([chosen], events: codecs.contains(where: \.isTelephoneEvent)), offer: offer)
}

/// Receiver reports as a device sends them about our stream: 50 packets/s, `interval` seconds apart, the loss of
/// each interval given as a fraction (RFC 3550 §6.4.1: fraction lost, cumulative lost, extended highest sequence).
struct ReportScript {
    var time: MediaTime = .zero
    var highest: UInt32 = 1000
    var cumulative: Int32 = 0

    /// The next report after `interval` seconds in which `loss` of the packets were lost.
    mutating func next(loss: Double, interval: Double = 5) -> (RTCPReportBlock, MediaTime) {
        let expected = UInt32(interval * 50)
        let lost = UInt32((Double(expected) * loss).rounded(.down))
        highest += expected
        cumulative += Int32(lost)
        time = time + .milliseconds(Int64(interval * 1000))
        let block = RTCPReportBlock(
            ssrc: 0x1234_5678, fractionLost: UInt8(min(lost * 256 / max(expected, 1), 255)),
            cumulativeLost: cumulative, extendedHighestSequence: highest, jitter: 80, lastSenderReport: 0,
            delaySinceLastSenderReport: 0)
        return (block, time)
    }
}

extension CodecPolicyAction {
    var switchDecision: CodecSwitch? {
        if case .switchCodec(let decision) = self { return decision }
        return nil
    }
    var opusSettings: OpusSettingsView? {
        if case .adaptOpus(let settings, let reason) = self {
            return OpusSettingsView(
                bitrate: settings.bitrate, fec: settings.inbandFEC, loss: settings.packetLossPercent, reason: reason)
        }
        return nil
    }
}

/// The parts of an Opus adaptation the tests compare.
struct OpusSettingsView: Equatable {
    var bitrate: Int
    var fec: Bool
    var loss: Int
    var reason: CodecSwitchReason
}

/// Runs `count` reports with `loss(i)` through the chooser, collecting (time, action) pairs.
func drive(
    _ chooser: inout CodecChooser, _ script: inout ReportScript, count: Int, loss: (Int) -> Double
) -> [(MediaTime, CodecPolicyAction)] {
    var out: [(MediaTime, CodecPolicyAction)] = []
    for index in 0..<count {
        let (block, time) = script.next(loss: loss(index))
        out += chooser.receiveReport(block, at: time).map { (time, $0) }
    }
    return out
}
