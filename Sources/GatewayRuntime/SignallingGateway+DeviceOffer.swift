import CodecPolicy
import ISUPWire
import TelecomTypes
import MediaBridgeService
import MediaSecurity
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
        let settled = forwarded[cic]?.settled
        let offer: SDPSessionDescription
        var answer: SDPSessionDescription
        var audio: SDPNegotiatedAudio
        do {
            offer = try SDPSessionDescription(parsing: sdp)
            (answer, audio) = try SDPOfferAnswer.answer(to: offer, local: ours)
            // RFC 3711 §9.1: a key stream is never reused. The device's new key restarts its stream; ours restarts
            // with it (a new context), so it gets a fresh key of ours too (RFC 4568 §7.1.4).
            if audio.crypto != nil, !Self.sameKey(settled?.crypto, audio.crypto) {
                var random = SystemRandomNumberGenerator()
                ours = ours.securing(true, using: &random)
                (answer, audio) = try SDPOfferAnswer.answer(to: offer, local: ours)
            }
        } catch {
            return refuse("\(error)")
        }
        let bridged = media != nil && forwarded[cic]?.mediaAttached == true
        // Everything the leg needs is made before the 200 goes: what cannot run is refused, not answered.
        var plan: (codec: MediaLegCodec, security: LegSecurity)?
        if bridged {
            guard let codec = MediaLegCodec(negotiated: audio) else {
                return refuse("\(audio.codec.encodingName) cannot be bridged")
            }
            var security = LegSecurity.plain
            if let local = audio.localCrypto, let remote = audio.crypto {
                if Self.sameKey(settled?.crypto, remote), Self.sameKey(settled?.localCrypto, local) {
                    security = .unchanged
                } else {
                    do {
                        security = .keyed(try SRTPContext(local: local, remote: remote))
                    } catch {
                        return refuse("the SRTP keys cannot run (\(error))")
                    }
                }
            }
            plan = (codec, security)
        }
        forwarded[cic]?.localMedia = ours
        forking.answerOffer(handle, sdp: answer.encoded)
        logLine(
            "CIC \(cic) media: device offer \(audio.codec) \(audio.direction.rawValue) → "
                + "\(audio.remoteAddress):\(audio.remotePort), answered")
        guard let plan, let media else { return }
        let circuit = Int(cic.value)
        if !Self.sameLeg(settled, audio) {
            let remote = try? SocketAddress(ipAddress: audio.remoteAddress, port: Int(audio.remotePort))
            switch plan.security {
            case .unchanged:
                media.updateLeg(cic: circuit, leg: Self.forkedMediaLeg, codec: plan.codec, remote: remote, keepingSecurity: true)
            case .keyed(let context):
                media.updateLeg(cic: circuit, leg: Self.forkedMediaLeg, codec: plan.codec, remote: remote, security: context)
            case .plain:
                media.updateLeg(cic: circuit, leg: Self.forkedMediaLeg, codec: plan.codec, remote: remote, security: nil)
            }
            forwarded[cic]?.settled = audio
            logLine("CIC \(cic) media: the leg follows the device's offer")
        }
        // RFC 3264 §6.1: the device offered sendonly or inactive (hold) — we answered recvonly or inactive.
        media.setSending(cic: circuit, leg: Self.forkedMediaLeg, audio.direction == .sendrecv || audio.direction == .recvonly)
        restartCodecPolicy(cic, serial: serial, local: ours, offer: offer, audio: audio)
    }

    /// What the leg's SRTP becomes with a device's offer.
    enum LegSecurity {
        case plain
        /// The same keys both ways: the running contexts go on (their indexes and rollover counters with them).
        case unchanged
        case keyed(SRTPContext)
    }

    /// Whether two crypto lines carry the same suite and key (their tags may differ: RFC 4568 §6.1).
    static func sameKey(_ a: SDPCrypto?, _ b: SDPCrypto?) -> Bool {
        a?.suite == b?.suite && a?.keyParameters == b?.keyParameters && a?.sessionParameters == b?.sessionParameters
    }

    /// Whether `audio` leaves the leg as `settled` set it (codec, payload types, address, keys).
    static func sameLeg(_ settled: SDPNegotiatedAudio?, _ audio: SDPNegotiatedAudio) -> Bool {
        guard let settled else { return false }
        return settled.codec == audio.codec && settled.payloadType == audio.payloadType
            && settled.telephoneEventPayloadType == audio.telephoneEventPayloadType
            && settled.remoteAddress == audio.remoteAddress && settled.remotePort == audio.remotePort
            && sameKey(settled.crypto, audio.crypto) && sameKey(settled.localCrypto, audio.localCrypto)
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
        previous.timeout?.cancel()
        var leg = CodecLeg(chooser: chooser)
        leg.attempt = previous.attempt
        forwarded[cic]?.codec = leg
        performCodec(cic, serial: serial, actions)
    }
}
