import ISUPWire
public import MediaBridge
import MediaBridgeService
import MediaCodecs
import NIOCore
import RTPWire
public import SDPNegotiation
import TelecomTypes

/// The join of a forwarded call and its media bridge (`[media]`, docs/media-bridge.md): the call's timeslot is
/// attached when the fork starts (the caller hears E.180 ringback from then on), one RTP leg is bound for the SDP
/// offer every branch gets, the device's early media or answer sets the leg's codec and peer, the answer switches
/// the timeslot to the device, and the call's end detaches it.
///
/// One leg per call: every branch is offered the same address (one SDP offer per fork, RFC 3264 §5); the leg
/// follows whichever branch's SDP came last (early media, then the answer), re-latching on its packets. Once
/// answered, the leg's codec is the codec chooser's (`SignallingGateway+Codec`).
extension SignallingGateway {
    static let forkedMediaLeg = MediaLegID(1)

    /// Attaches `cic` and binds its leg; nil without a bridge, or when the CIC is on no pseudowire.
    func attachMedia(_ cic: CircuitIdentificationCode) async -> MediaEndpoint? {
        guard let media else { return nil }
        let circuit = Int(cic.value)
        do {
            try await media.attach(cic: circuit)
        } catch {
            logLine("CIC \(cic) media: not bridged (\(error))")
            return nil
        }
        do {
            // Provisional codec until a device answers (the offer lists every codec the bridge can take).
            let address = try await media.addLeg(
                cic: circuit, leg: Self.forkedMediaLeg, codec: .pcma(), remote: nil)
            guard let port = address.port else { throw MediaBridgeService.ServiceError.noCall(circuit) }
            return MediaEndpoint(host: address.ipAddress ?? configuration.sip.mediaAddress, port: port)
        } catch {
            media.end(cic: circuit)
            logLine("CIC \(cic) media: no RTP leg (\(error))")
            return nil
        }
    }

    /// A device's SDP settled the leg (on the event loop).
    func mediaEvent(_ cic: CircuitIdentificationCode, serial: UInt64, _ event: SubscriberMediaEvent) {
        guard let media, forwarded[cic]?.serial == serial, forwarded[cic]?.mediaAttached == true else { return }
        let circuit = Int(cic.value)
        let (audio, answered): (SDPNegotiatedAudio, Bool)
        switch event {
        case .earlyMedia(let negotiated): (audio, answered) = (negotiated, false)
        case .answered(let negotiated): (audio, answered) = (negotiated, true)
        case .session(let offer, let answer):
            return startCodecPolicy(cic, serial: serial, offer: offer, answer: answer)
        case .sessionModified(let answer):
            return codecAnswered(cic, serial: serial, answer: answer)
        case .sessionModificationFailed(let status):
            return codecRefused(cic, serial: serial, status: status)
        }
        guard let codec = MediaLegCodec(negotiated: audio) else {
            logLine("CIC \(cic) media: \(audio.codec) cannot be bridged; the leg keeps its codec")
            return
        }
        let remote = try? SocketAddress(ipAddress: audio.remoteAddress, port: Int(audio.remotePort))
        media.updateLeg(cic: circuit, leg: Self.forkedMediaLeg, codec: codec, remote: remote)
        logLine("CIC \(cic) media: \(answered ? "answer" : "early media") \(audio.codec) → \(audio.remoteAddress):\(audio.remotePort)")
        if answered {
            Task { try? await media.answered(cic: circuit, leg: Self.forkedMediaLeg) }
        } else {
            media.earlyMedia(cic: circuit, leg: Self.forkedMediaLeg)
        }
    }

    /// The forwarded call on `cic` ended: its timeslot goes back to the idle pattern.
    func detachMedia(_ cic: CircuitIdentificationCode, attached: Bool) {
        guard attached, let media else { return }
        media.end(cic: Int(cic.value))
    }
}

extension MediaLegCodec {
    /// The bridge's codec for what SDP negotiated (RFC 3551 Table 4 names, RFC 7587 opus, RFC 4733 events);
    /// nil for a codec the bridge has no coder for.
    public init?(negotiated audio: SDPNegotiatedAudio) {
        let format: CodecFormat
        switch audio.codec.encodingName.uppercased() {
        case "PCMA": format = .g711(.aLaw)
        case "PCMU": format = .g711(.muLaw)
        // RFC 3551 §4.5.6 / RFC 4856: Annex B unless the answer says annexb=no.
        case "G729": format = .g729(G729Parameters(fmtp: audio.codec.formatParameters ?? ""))
        // The TDM side is 8 kHz narrowband: a narrowband Opus encoder at a bitrate for clean speech.
        case "OPUS": format = .opus(OpusSettings(sampleRate: 8000, bitrate: 16000, maxBandwidth: .narrowband))
        default: return nil
        }
        self.init(
            format: format, payloadType: RTPPayloadType(audio.payloadType),
            telephoneEvent: audio.telephoneEventPayloadType.map { RTPPayloadType($0) },
            ptime: Int(audio.packetTime == 0 ? 20 : audio.packetTime))
    }
}
