import CodecPolicy
import GatewayRuntime
import MediaBridge
import MediaCodecs
import RTPWire
import SDPNegotiation
import SDPWire
import Testing

/// The bridge's codec for what the chooser put in effect (`.codecInEffect`, RFC 3264 §8).
@Suite("MediaLegCodec from the chooser's choice")
struct CodecLegCodecTests {
    /// What the device's answer with `format` at payload type `payloadType` (and telephone-event at 100)
    /// negotiates against our offer.
    static func negotiated(_ rtpmap: String, fmtp: String? = nil, payloadType: UInt8) throws
        -> (SDPNegotiatedAudio, SDPSessionDescription)
    {
        let offer = SDPOfferAnswer.offer(SDPLocalMedia(sessionID: 1, address: "192.0.2.10", port: 30000))
        let answer = try SDPSessionDescription(
            parsing: Array(
                """
                v=0\r
                o=device 1 1 IN IP4 192.0.2.7\r
                s=-\r
                c=IN IP4 192.0.2.7\r
                t=0 0\r
                m=audio 4000 RTP/AVP \(payloadType) 100\r
                a=rtpmap:\(payloadType) \(rtpmap)\r
                \(fmtp.map { "a=fmtp:\(payloadType) \($0)\r\n" } ?? "")a=rtpmap:100 telephone-event/8000\r
                a=rtcp-mux\r

                """.utf8))
        return (try SDPOfferAnswer.evaluate(answer: answer, offer: offer), answer)
    }

    @Test("RFC 3264 §6.1: the answer's payload types (not our offer's) and, for Opus, the chooser's encoder settings")
    func fromChoice() throws {
        let selection = CodecSelection(
            candidates: [.opus, .pcma, .g729], network: .g711(.aLaw), packetTime: 20, configuration: .init(),
            remoteAcceptsFEC: true)
        let opus = selection.choice(.opus, bandwidth: .applicationSpecific(kbps: 40))
        let (opusAnswer, _) = try Self.negotiated("opus/48000/2", payloadType: 96)
        let codec = try #require(MediaLegCodec(choice: opus, negotiated: opusAnswer))
        #expect(codec.payloadType == RTPPayloadType(96) && codec.telephoneEvent == RTPPayloadType(100))
        #expect(codec.format == .opus(try #require(opus.opus)))
        #expect(codec.samplesPerPacket == 960)

        let g729 = selection.choice(.g729, bandwidth: .unknown)
        let (g729Answer, sdp) = try Self.negotiated("G729/8000", fmtp: "annexb=no", payloadType: 18)
        let legCodec = try #require(MediaLegCodec(choice: g729, negotiated: g729Answer, answer: sdp))
        // RFC 4856 / RFC 3551 §4.5.6: the answer's annexb=no is what we may send.
        #expect(legCodec.format == .g729(G729Parameters(fmtp: "annexb=no")))
        #expect(legCodec.samplesPerPacket == 160)
    }
}
