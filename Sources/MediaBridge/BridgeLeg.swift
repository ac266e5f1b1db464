import MediaCodecs
import MediaSessions
import NIOCore
import RTPWire

/// The per-leg half of `CallMediaBridge`: codec pipelines both ways, the RTP playout buffer, the RFC 4733 states.
final class BridgeLeg {
    let id: MediaLegID
    private(set) var codec: MediaLegCodec
    /// TDM A-law → the leg's codec (passthrough for PCMA); rebuilt by `adaptOpus`.
    private(set) var toApp: Transcoder
    /// The leg's codec → A-law for the TDM side (passthrough for PCMA).
    let fromApp: Transcoder
    /// G.711 Appendix I concealment when `fromApp` relays (a passthrough transcoder conceals nothing).
    let concealer: PacketLossConcealer
    var jitter: JitterBuffer
    /// Timestamp of the last telephone event received, so each event starts one digit (RFC 4733 §2.5.2.1:
    /// packets with the same timestamp belong to one event).
    var lastEventTimestamp: UInt32?
    /// The event being sent towards the app.
    var outgoingEvent: OutgoingEvent?
    /// Detector reports that came while the previous event's end was still being repeated.
    private var queuedDigits: [DTMFEvent] = []

    struct OutgoingEvent {
        var digit: DTMFDigit
        /// Packets sent so far (one per packet period).
        var packets: Int = 0
        /// Duration frozen when the digit ended, in RTP units.
        var endDuration: UInt32?
        var endPacketsSent = 0
    }

    init(id: MediaLegID, codec: MediaLegCodec, jitter: JitterBuffer.Configuration) throws(MediaCodecError) {
        self.id = id
        self.codec = codec
        toApp = try Transcoder(from: .g711(.aLaw), to: codec.format, ptime: codec.ptime)
        fromApp = try Transcoder(from: codec.format, to: .g711(.aLaw), ptime: codec.ptime)
        concealer = try PacketLossConcealer()
        var configuration = jitter
        configuration.samplesPerPacket = codec.samplesPerPacket
        configuration.clockRate = codec.format.rtpClockRate
        self.jitter = JitterBuffer(configuration: configuration)
    }

    /// New Opus encoder settings towards the app (RFC 7587 §3.1: bitrate, FEC and expected loss are the sender's
    /// to choose, no signalling). `Transcoder` does not expose its encoder, so the encoding half is rebuilt with the
    /// settings: the app's decoder sees a fresh encoder state (a frame of reduced quality, no discontinuity in RTP).
    /// False when the leg is not Opus or the sample rate would change (it is fixed by the leg's codec).
    func adaptOpus(_ settings: OpusSettings) throws(MediaCodecError) -> Bool {
        guard case .opus(let running) = codec.format, running.sampleRate == settings.sampleRate,
            running.frameDuration == settings.frameDuration
        else { return false }
        let format = CodecFormat.opus(settings)
        toApp = try Transcoder(from: .g711(.aLaw), to: format, ptime: codec.ptime)
        codec.format = format
        return true
    }

    /// 8 kHz samples per packet period.
    var periodSamples: Int { 8 * codec.ptime }

    /// One packet period of audio for the TDM side (8 kHz linear), plus a digit when a new event began.
    func playout(at now: MediaTime) -> (audio: [Int16], digit: DTMFDigit?) {
        switch jitter.pull(at: now) {
        case .waiting:
            return ([Int16](repeating: 0, count: periodSamples), nil)
        case .conceal:
            return (conceal(), nil)
        case .frame(let packet):
            let payload = Array(packet.payload.readableBytesView)
            if let event = codec.telephoneEvent, packet.header.payloadType == event {
                return ([Int16](repeating: 0, count: periodSamples), receiveEvent(packet))
            }
            guard packet.header.payloadType == codec.payloadType else { return (conceal(), nil) }
            do {
                let octets = try fromApp.transcode(payload).flatMap { $0 }
                var audio = G711Codec.decode(octets, law: .aLaw)
                if fromApp.isPassthrough { audio = concealer.receive(audio) }
                return (audio, nil)
            } catch {
                // MediaCodecError.malformedPayload: docs/codecs.md — conceal the frame.
                return (conceal(), nil)
            }
        }
    }

    private func conceal() -> [Int16] {
        if fromApp.isPassthrough { return concealer.conceal(samples: periodSamples) }
        let octets = (try? fromApp.concealLoss(milliseconds: codec.ptime))?.flatMap { $0 } ?? []
        return G711Codec.decode(octets, law: .aLaw)
    }

    private func receiveEvent(_ packet: RTPPacket) -> DTMFDigit? {
        guard let event = try? TelephoneEvent.decode(packet.payload) else { return nil }
        guard packet.header.timestamp != lastEventTimestamp else { return nil }
        lastEventTimestamp = packet.header.timestamp
        return DTMFDigit(event: event.event)
    }

    /// One packet period of the caller's audio (A-law, `periodSamples` octets) towards the app: an RFC 4733
    /// event packet while a digit is on or its end is being repeated, else the encoded audio.
    func send(_ alaw: [UInt8], volume: UInt8) -> [OutgoingRTP] {
        if let eventType = codec.telephoneEvent, var event = outgoingEvent {
            defer {
                outgoingEvent = event.endPacketsSent >= 3 ? nil : event
                while outgoingEvent == nil, !queuedDigits.isEmpty { tdmDigit(queuedDigits.removeFirst()) }
            }
            event.packets += 1
            let step = codec.samplesPerPacket
            let duration = event.endDuration ?? UInt32(event.packets) * step
            let isEnd = event.endDuration != nil
            if isEnd { event.endPacketsSent += 1 }
            // RFC 4733 §2.5.1.4: the end packet is sent three times; §2.5.1.3: durations over 0xFFFF are capped
            // here (a digit of more than 1.3 s at 48 kHz).
            var buffer = ByteBuffer()
            TelephoneEvent(
                event: event.digit.event, isEnd: isEnd, volume: volume, duration: UInt16(min(duration, 0xFFFF))
            ).encode(into: &buffer)
            let last = event.endPacketsSent >= 3
            return [
                OutgoingRTP(
                    payloadType: eventType, payload: Array(buffer.readableBytesView),
                    samples: last ? UInt32(event.packets) * step : 0, marker: event.packets == 1)
            ]
        }
        do {
            return try toApp.transcode(alaw).map {
                OutgoingRTP(payloadType: codec.payloadType, payload: $0, samples: codec.samplesPerPacket)
            }
        } catch {
            return []
        }
    }

    /// A digit detected on the TDM side started or ended.
    func tdmDigit(_ event: DTMFEvent) {
        guard codec.telephoneEvent != nil else { return }
        switch event.kind {
        case .start:
            // A new digit waits for the previous event's third end packet, so each event keeps its own timestamp.
            guard outgoingEvent == nil else {
                queuedDigits.append(event)
                return
            }
            outgoingEvent = OutgoingEvent(digit: event.digit)
        case .end:
            if outgoingEvent?.endDuration != nil, !queuedDigits.isEmpty {
                queuedDigits.append(event)
                return
            }
            guard var current = outgoingEvent, current.digit == event.digit, current.endDuration == nil else { return }
            current.endDuration = UInt32(max(current.packets, 1)) * codec.samplesPerPacket
            outgoingEvent = current
        }
    }
}
