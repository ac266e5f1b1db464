import CodecPolicy
import ISUPWire
import TelecomTypes
import MediaBridgeService
import MediaBridge
import NIOCore
import SDPNegotiation
import SDPWire

/// The answered device's own offer: a re-INVITE or UPDATE with SDP (RFC 3264 §8) — hold and resume, a new address
/// after the phone moved from Wi-Fi to mobile data, a new bandwidth. Answered from our side of the session (RFC 3264
/// §6: the first offered codec we have, the direction mirrored, SRTP keys as for the first answer), and the bridge
/// leg follows it: codec, address and keys when they changed, nothing sent to a device that holds the call, and
/// the codec chooser (issue 6 item 4) starts again from the new exchange — the device's `b=` is its bandwidth now.
/// An offer we cannot answer gets 488 (RFC 3261 §14.2) and the session stays as it was.
extension SignallingGateway {
    func deviceOffered(_ cic: CircuitIdentificationCode, serial: UInt64, sdp: [UInt8]) {
        guard let forking, let handle = forwarded[cic]?.handle else { return }
        func refuse(_ why: String) {
            logLine("CIC \(cic) device offer refused (488): \(why)")
            forking.refuseOffer(handle, warning: why)
        }
        guard var ours = forwarded[cic]?.localMedia else { return refuse("no session of ours to answer from") }
        ours.sessionVersion += 1
        let offer: SDPSessionDescription
        let answer: SDPSessionDescription
        let audio: SDPNegotiatedAudio
        do {
            offer = try SDPSessionDescription(parsing: sdp)
            (answer, audio) = try SDPOfferAnswer.answer(to: offer, local: ours)
        } catch {
            return refuse("\(error)")
        }
        let bridged = media != nil && forwarded[cic]?.mediaAttached == true
        if bridged, MediaLegCodec(negotiated: audio) == nil {
            return refuse("\(audio.codec.encodingName) cannot be bridged")
        }
        forwarded[cic]?.localMedia = ours
        forking.answerOffer(handle, sdp: answer.encoded)
        logLine(
            "CIC \(cic) media: device offer \(audio.codec) \(audio.direction.rawValue) → "
                + "\(audio.remoteAddress):\(audio.remotePort), answered")
        guard bridged, let media else { return }
        let circuit = Int(cic.value)
        if !Self.sameLeg(forwarded[cic]?.settled, audio) {
            do {
                logLine("CIC \(cic) media: the leg follows: \(try Self.settleForkedLeg(media, cic: circuit, audio: audio))")
                forwarded[cic]?.settled = audio
            } catch {
                logLine("CIC \(cic) media: \(error)")
            }
        }
        // RFC 3264 §6.1: the device offered sendonly or inactive (hold) — we answered recvonly or inactive.
        media.setSending(cic: circuit, leg: Self.forkedMediaLeg, audio.direction == .sendrecv || audio.direction == .recvonly)
        restartCodecPolicy(cic, serial: serial, local: ours, offer: offer, audio: audio)
    }

    /// Whether `audio` leaves the leg as `settled` set it (codec, payload types, address, keys).
    static func sameLeg(_ settled: SDPNegotiatedAudio?, _ audio: SDPNegotiatedAudio) -> Bool {
        guard let settled else { return false }
        return settled.codec == audio.codec && settled.payloadType == audio.payloadType
            && settled.telephoneEventPayloadType == audio.telephoneEventPayloadType
            && settled.remoteAddress == audio.remoteAddress && settled.remotePort == audio.remotePort
            && settled.crypto == audio.crypto && settled.localCrypto == audio.localCrypto
    }

    /// The chooser from the device's offer and our answer; a bandwidth other than before is evaluated at once.
    private func restartCodecPolicy(
        _ cic: CircuitIdentificationCode, serial: UInt64, local: SDPLocalMedia, offer: SDPSessionDescription,
        audio: SDPNegotiatedAudio
    ) {
        guard codecPolicy.enabled, let previous = forwarded[cic]?.codec else { return }
        let now = codecPolicy.clock()
        let bandwidth = SDPDeviceBandwidth(lastDescription: offer)
        var chooser: CodecChooser
        do {
            chooser = try CodecChooser(
                local: local, remote: offer, negotiated: audio, bandwidth: previous.chooser.bandwidth,
                configuration: codecPolicy.configuration, at: now)
        } catch {
            forwarded[cic]?.codec = nil
            logLine("CIC \(cic) codec: no codec switching after the device's offer (\(error))")
            return
        }
        var actions: [CodecPolicyAction] = []
        if bandwidth != chooser.bandwidth {
            logLine("CIC \(cic) codec: the device's bandwidth is now \(bandwidth)")
            actions = chooser.bandwidthChanged(bandwidth, at: now)
        }
        if let opus = chooser.current.opus, !actions.contains(where: { if case .switchCodec = $0 { true } else { false } })
        {
            actions.append(.adaptOpus(opus, reason: .bandwidthChanged))
        }
        forwarded[cic]?.codec = CodecLeg(chooser: chooser)
        performCodec(cic, serial: serial, actions)
    }
}
