public import MediaCodecs
public import MediaSessions
public import RTPWire

/// The media of one call: the caller's E1 timeslot (8 kHz A-law) ↔ the app legs' RTP (issue 6 item 5).
///
/// Pure and clockless: time is the count of TDM samples exchanged (`exchangeTDM` is called once per pseudowire
/// period with that period's octets), RTP arrivals are stamped with that count. Not thread-safe (one per call, on
/// one event loop); it owns C codec state through MediaCodecs.
/// ```
///            ┌──────────── ringing ─────────────┐  earlyMedia(leg)   ┌── early(leg) ──┐  answer(leg)  ┌ answered(leg) ┐
///  to TDM:   │ E.180 ringback (country)         │ ─────────────────▶ │ leg's RTP      │ ────────────▶ │ leg's RTP     │
///  to app:   │ nothing                          │                    │ to that leg    │               │ to that leg   │
///            └──────────────────────────────────┘                    └────────────────┘               └───────────────┘
/// ```
/// On both sides of the TDM channel: the line echo canceller (MediaCodecs.EchoCanceller, far end = what we send to
/// the timeslot), the DTMF detector (digits → RFC 4733 events to the app, audio replaced while a digit is on) and
/// generator (RFC 4733 events from the app → Q.23 tones on TDM), G.711 Appendix I concealment of pseudowire loss,
/// and a recording tap of the caller's audio after echo cancelling (for voicemail).
///
/// Announcements (`play`): audio for the caller — a voicemail greeting, its beep, a spoken code — replaces
/// whatever the phase would put on the timeslot until it has been played, then `.announcementFinished` is reported
/// once and the phase's audio resumes (silence when answered with no leg: the voicemail recording).
public final class CallMediaBridge {
    public struct Configuration: Sendable {
        /// Whose E.180 ringback to play.
        public var country: SupervisoryTone.Country
        /// Echo canceller tail in samples (G.168 §6.4.1: 128 ms = 1024 covers E1 hybrids); nil = no canceller.
        public var echoTail: Int?
        /// Delay bounds of each leg's RTP playout buffer (packet period and clock rate come from the leg's codec).
        public var jitter: JitterBuffer.Configuration
        /// RFC 4733 §2.3.4 volume of the events we send, in −dBm0 (DTMF at −10 dBm0 per Q.23 practice).
        public var eventVolume: UInt8

        public init(
            country: SupervisoryTone.Country = .gb, echoTail: Int? = 1024,
            jitter: JitterBuffer.Configuration = .init(minimumDelay: .milliseconds(40), maximumDelay: .milliseconds(200)),
            eventVolume: UInt8 = 10
        ) {
            self.country = country
            self.echoTail = echoTail
            self.jitter = jitter
            self.eventVolume = eventVolume
        }
    }

    public enum Action: Hashable, Sendable {
        /// Send on that leg.
        case sendRTP(MediaLegID, OutgoingRTP)
        /// 20 ms of the caller's audio (8 kHz linear) for the recording tap.
        case recorded([Int16])
        /// The announcement queued with this id has been played out to the timeslot, to its last sample.
        case announcementFinished(Int)
        /// The caller pressed a key: a DTMF digit (Q.23/Q.24) began on the timeslot. Reported whether or not a leg
        /// is active (the voicemail deposit listens for `#` on a call answered locally).
        case digit(Character)
    }

    public enum Phase: Hashable, Sendable {
        case ringing
        case earlyMedia(MediaLegID)
        case answered(MediaLegID)
    }

    public let configuration: Configuration
    public private(set) var phase: Phase = .ringing
    /// When on, `.recorded` actions carry the caller's audio.
    public var recording = false
    /// TDM samples exchanged so far (the bridge's clock: 125 µs each).
    public private(set) var samples = 0

    private var legs: [MediaLegID: BridgeLeg] = [:]
    /// Announcements waiting or playing, in order: id and the samples still to play.
    private var announcements: [(id: Int, samples: ArraySlice<Int16>)] = []
    /// Answered by the gateway itself (voicemail): silence to the caller when no announcement plays.
    private var answeredLocally = false
    private let ringback: ToneGenerator
    private let echoCanceller: EchoCanceller?
    private let detector: DTMFDetector
    private let generator: DTMFGenerator
    private let tdmConcealer: PacketLossConcealer
    /// Linear audio queued for the timeslot.
    private var toTDM: [Int16] = []
    /// The caller's audio (A-law, after echo cancelling) waiting to fill a packet period.
    private var fromTDM: [UInt8] = []
    private var recordBuffer: [Int16] = []
    /// Concealment made ahead for runs of lost pseudowire periods (see `concealTDM`).
    private var concealed: [Int16] = []
    /// spandsp's `plc_fillin` writes its pitch cross-fade (up to a quarter of the longest pitch period, 120
    /// samples) into the output before looking at the length asked for: a 1 ms period (8 samples) would overflow
    /// the buffer. Concealment is therefore made 10 ms at a time and handed out per period.
    private static let concealmentBlock = 80

    public init(configuration: Configuration = .init()) throws(MediaCodecError) {
        self.configuration = configuration
        ringback = try ToneGenerator(tone: .tone(.ringback, country: configuration.country))
        echoCanceller = try configuration.echoTail.map { tail throws(MediaCodecError) in
            try EchoCanceller(tailSamples: tail)
        }
        detector = try DTMFDetector()
        generator = try DTMFGenerator()
        tdmConcealer = try PacketLossConcealer()
    }

    /// The bridge's clock as the RTP playout buffers see it.
    public var now: MediaTime { MediaTime(nanoseconds: Int64(samples) * 125_000) }

    // MARK: Legs and call progress

    /// A forked branch with its negotiated codec.
    public func addLeg(_ id: MediaLegID, codec: MediaLegCodec) throws(MediaCodecError) {
        legs[id] = try BridgeLeg(id: id, codec: codec, jitter: configuration.jitter)
    }

    /// The leg's codec changed mid-call (the answer to our re-INVITE, RFC 3264 §8): the leg's coders and playout
    /// buffer are made anew for `codec`, in place, so the phase and the RTP leg (SSRC, sequence numbers, the
    /// latched peer) stay. The RTP timestamp runs on: each packet moves it by the new codec's samples per packet at
    /// its own clock (Opus 960 per 20 ms at 48 kHz, G.711/G.729 160 at 8 kHz), so it keeps increasing.
    ///
    /// Packets of the old format still in the playout buffer or in flight are concealed (at most the buffer's
    /// maximum delay), an RFC 4733 event being sent is cut short. False when there is no such leg; on an error the
    /// old codec stays.
    @discardableResult
    public func changeCodec(_ id: MediaLegID, codec: MediaLegCodec) throws(MediaCodecError) -> Bool {
        guard legs[id] != nil else { return false }
        legs[id] = try BridgeLeg(id: id, codec: codec, jitter: configuration.jitter)
        return true
    }

    /// New Opus encoder settings for the leg's audio towards the app (bitrate, FEC, expected loss; RFC 7587 §3.1,
    /// RFC 6716 §2.1.7). False when the leg is missing or not Opus at the same sample rate and frame size.
    @discardableResult
    public func adaptOpus(_ id: MediaLegID, settings: OpusSettings) throws(MediaCodecError) -> Bool {
        guard let leg = legs[id] else { return false }
        return try leg.adaptOpus(settings)
    }

    /// The codec a leg runs now (nil: no such leg).
    public func codec(of id: MediaLegID) -> MediaLegCodec? { legs[id]?.codec }

    /// A branch that failed or was cancelled.
    public func removeLeg(_ id: MediaLegID) {
        legs[id] = nil
        if phase == .earlyMedia(id) { switchSource(to: .ringing) }
    }

    /// A branch sent early media (183 with SDP, RFC 3960 §3): play it instead of our ringback.
    public func earlyMedia(from id: MediaLegID) {
        guard phase == .ringing, legs[id] != nil else { return }
        switchSource(to: .earlyMedia(id))
    }

    /// Queues `samples` (8 kHz linear) for the caller; `.announcementFinished(id)` follows the last one.
    public func play(_ samples: [Int16], id: Int) {
        announcements.append((id, samples[...]))
    }

    /// Drops every queued announcement (the caller hung up, a digit skipped the greeting); none reports finished.
    public func stopAnnouncements() {
        announcements.removeAll()
    }

    /// The gateway answered the call itself (voicemail): no leg, no ringback; the caller hears announcements and
    /// silence between them, and the recording tap hears the caller.
    public func answerLocally() {
        answeredLocally = true
        legs.removeAll()
        switchSource(to: .ringing)
    }

    /// A branch answered: its media only, the others are dropped.
    public func answer(_ id: MediaLegID) {
        guard legs[id] != nil else { return }
        legs = legs.filter { $0.key == id }
        switchSource(to: .answered(id))
    }

    private func switchSource(to phase: Phase) {
        self.phase = phase
        toTDM.removeAll()
        fromTDM.removeAll()
    }

    private var activeLeg: BridgeLeg? {
        switch phase {
        case .ringing: nil
        case .earlyMedia(let id), .answered(let id): legs[id]
        }
    }

    // MARK: Media

    /// An RTP packet from a leg (stamped with the bridge's clock).
    public func receiveRTP(_ packet: RTPPacket, from id: MediaLegID) {
        _ = legs[id]?.jitter.insert(packet, at: now)
    }

    /// One pseudowire period of the timeslot: `received` A-law octets from the TDM side (`lost` = the pseudowire
    /// replaced them), returns as many octets to send to the timeslot and the RTP/recording actions.
    public func exchangeTDM(received: [UInt8], lost: Bool) -> (toTDM: [UInt8], actions: [Action]) {
        let count = received.count
        var finished: [Action] = []
        let farEnd = announcementOutput(count, finished: &finished) ?? nextTDMOutput(count)
        samples += count

        // Near end: the caller. RFC 5086 §6.2 replacement octets are concealed rather than played (G.711 App. I).
        let decoded = G711Codec.decode(received, law: .aLaw)
        let nearEnd = lost ? concealTDM(count) : receivedTDM(decoded)
        let clean = echoCanceller?.process(farEnd: farEnd, nearEnd: nearEnd) ?? nearEnd

        var actions = finished
        if recording {
            recordBuffer += clean
            while recordBuffer.count >= 160 {
                actions.append(.recorded(Array(recordBuffer.prefix(160))))
                recordBuffer.removeFirst(160)
            }
        }
        let events = detector.process(clean)
        for event in events where event.kind == .start { actions.append(.digit(event.digit.character)) }
        guard let leg = activeLeg else { return (G711Codec.encode(farEnd, law: .aLaw), actions) }
        for event in events { leg.tdmDigit(event) }
        fromTDM += G711Codec.encode(clean, law: .aLaw)
        while fromTDM.count >= leg.periodSamples {
            let frame = Array(fromTDM.prefix(leg.periodSamples))
            fromTDM.removeFirst(leg.periodSamples)
            actions += leg.send(frame, volume: configuration.eventVolume).map { .sendRTP(leg.id, $0) }
        }
        return (G711Codec.encode(farEnd, law: .aLaw), actions)
    }

    private func receivedTDM(_ samples: [Int16]) -> [Int16] {
        concealed.removeAll()
        return tdmConcealer.receive(samples)
    }

    private func concealTDM(_ count: Int) -> [Int16] {
        while concealed.count < count {
            concealed += tdmConcealer.conceal(samples: max(Self.concealmentBlock, count))
        }
        defer { concealed.removeFirst(count) }
        return Array(concealed.prefix(count))
    }

    /// The next `count` samples of the announcements, when one is playing (the rest of the period after the last
    /// one ends is silence); nil when none is queued.
    private func announcementOutput(_ count: Int, finished: inout [Action]) -> [Int16]? {
        guard !announcements.isEmpty else { return nil }
        var output: [Int16] = []
        output.reserveCapacity(count)
        while output.count < count, let first = announcements.first {
            let take = first.samples.prefix(count - output.count)
            output += take
            announcements[0].samples = first.samples.dropFirst(take.count)
            if announcements[0].samples.isEmpty {
                finished.append(.announcementFinished(first.id))
                announcements.removeFirst()
            }
        }
        if output.count < count { output += [Int16](repeating: 0, count: count - output.count) }
        return output
    }

    /// The next `count` samples for the timeslot: a DTMF digit from the app, else the active leg's audio, else the
    /// ringback tone (silence once the gateway answered itself).
    private func nextTDMOutput(_ count: Int) -> [Int16] {
        guard let leg = activeLeg else {
            return answeredLocally ? [Int16](repeating: 0, count: count) : ringback.generate(samples: count)
        }
        while toTDM.count < count {
            let (audio, digit) = leg.playout(at: now)
            if let digit { generator.enqueue([digit]) }
            toTDM += audio
            if audio.isEmpty { toTDM += [Int16](repeating: 0, count: leg.periodSamples) }
        }
        var output = Array(toTDM.prefix(count))
        toTDM.removeFirst(count)
        // Q.23 tones replace the audio while a digit plays (the app stops sending audio during an event anyway).
        let tone = generator.generate(samples: count)
        for index in tone.indices { output[index] = tone[index] }
        return output
    }
}
