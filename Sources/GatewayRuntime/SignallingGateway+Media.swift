import ISUPWire
public import MediaBridge
public import MediaBridgeService
import MediaCodecs
public import MediaSecurity
import NIOCore
import RTPWire
import SDPWire
import CodecPolicy
public import SDPNegotiation
import TelecomTypes

/// The join of a forwarded call and its media bridge (`[media]`, docs/media-bridge.md): the call's timeslot is
/// attached when the fork starts (the caller hears E.180 ringback from then on), one RTP leg is bound for the SDP
/// offer every branch gets, the device's early media or answer sets the leg's codec and peer, the answer switches
/// the timeslot to the device, and the call's end detaches it.
///
/// One leg per call: every branch is offered the same address (one SDP offer per fork, RFC 3264 §5; branches to
/// TLS/WSS devices get it as RTP/SAVP with SDES keys, RFC 4568 §8.3); the leg follows whichever branch's SDP came
/// last (early media, then the answer), re-latching on its packets. The leg is bound plain, since any branch may
/// answer; a secure branch's SDP keys it (SRTP from then on, only authenticated packets latch), a plain branch's
/// SDP makes it plain again. Once answered, the leg's codec is the codec chooser's (`SignallingGateway+Codec`).
extension SignallingGateway {
    public static let forkedMediaLeg = MediaLegID(1)

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
        guard forwarded[cic]?.serial == serial else { return }
        switch event {
        case .offerReceived(let sdp):
            // Answered with or without a media bridge: the device waits for it (RFC 3264 §8).
            return deviceOffered(cic, serial: serial, sdp: sdp)
        case .session(let offer, _):
            forwarded[cic]?.localMedia = (try? SDPSessionDescription(parsing: offer)).flatMap(SDPLocalMedia.init(offer:))
        default:
            break
        }
        guard let media, forwarded[cic]?.mediaAttached == true else { return }
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
        case .offerReceived:
            return
        }
        // One leg for every branch: an answer from another address than the early media came from is another
        // branch's — the early branch's stream (still arriving as it is CANCELled) must not keep the leg.
        let early = forwarded[cic]?.earlyAudio
        let otherBranch = answered && early.map {
            $0.remoteAddress != audio.remoteAddress || $0.remotePort != audio.remotePort
        } == true
        if !answered { forwarded[cic]?.earlyAudio = audio }
        let settled: String
        do {
            settled = try Self.settleForkedLeg(media, cic: circuit, audio: audio, replacingSource: otherBranch)
        } catch {
            logLine("CIC \(cic) media: \(error)")
            return
        }
        logLine("CIC \(cic) media: \(answered ? "answer" : "early media") \(settled)")
        if answered {
            forwarded[cic]?.settled = audio
            Task { try? await media.answered(cic: circuit, leg: Self.forkedMediaLeg) }
        } else {
            media.earlyMedia(cic: circuit, leg: Self.forkedMediaLeg)
        }
    }

    /// Why a device's SDP could not settle the call's leg (the leg keeps its setup).
    public enum LegSettlingError: Error, CustomStringConvertible {
        case codecNotBridged(String)
        case keysCannotRun(any Error)

        public var description: String {
            switch self {
            case .codecNotBridged(let codec): "\(codec) cannot be bridged; the leg keeps its codec"
            case .keysCannotRun(let error): "SRTP keys of the answer cannot run (\(error)); the leg keeps its setup"
            }
        }
    }

    /// A device's negotiated audio (early media or answer) onto the forked call's leg: its codec, its address, and
    /// — when the branch negotiated SDES keys (RFC 4568; only TLS/WSS branches are offered any, and their answers
    /// passed §7.1.3) — SRTP with our key for what we send and theirs for what we receive (RFC 3711); a plain
    /// answer leaves the leg plain RTP. Returns a line for the log.
    public static func settleForkedLeg(
        _ media: MediaBridgeService, cic: Int, audio: SDPNegotiatedAudio, replacingSource: Bool = false
    ) throws -> String {
        guard let codec = MediaLegCodec(negotiated: audio) else {
            throw LegSettlingError.codecNotBridged("\(audio.codec)")
        }
        var security: SRTPContext?
        if let local = audio.localCrypto, let remoteKey = audio.crypto {
            do {
                security = try SRTPContext(local: local, remote: remoteKey)
            } catch {
                throw LegSettlingError.keysCannotRun(error)
            }
        }
        let remote = try? SocketAddress(ipAddress: audio.remoteAddress, port: Int(audio.remotePort))
        media.updateLeg(
            cic: cic, leg: forkedMediaLeg, codec: codec, remote: remote, security: security,
            replacingSource: replacingSource)
        let profile = security.map { " SRTP \($0.sendingSuite)" } ?? ""
        return "\(audio.codec)\(profile) → \(audio.remoteAddress):\(audio.remotePort)"
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
