public import MediaCodecs
public import MediaSessions
public import RTPWire

/// A call Reroute answers itself on an RTP leg, with no TDM side (a soft switch's forwarded call taken to voicemail,
/// issue 7 item 2): prompts go out on the leg, the caller's audio and RFC 4733 digits come in. One packet period per
/// ``tick()``; the clock is the number of periods ticked, so the owner's timer is the only source of time.
///
/// The same per-leg pipeline as a bridged call (``CallMediaBridge``): the leg's codec both ways through A-law, the
/// adaptive playout buffer, G.711 Appendix I concealment, one digit per RFC 4733 event (§2.5.2.1).
public final class AnnouncementLeg {
    /// What one packet period produced.
    public struct Period: Sendable {
        /// RTP to send to the caller (the prompt, or silence between prompts).
        public var outgoing: [OutgoingRTP]
        /// The caller's audio of the period, 8 kHz linear (silence while nothing plays out).
        public var heard: [Int16]
        /// A digit whose RFC 4733 event began in this period.
        public var digit: DTMFDigit?
        /// The prompt playing ran out in this period.
        public var promptFinished: Bool
    }

    private let leg: BridgeLeg
    private var prompt: [Int16] = []
    private var position = 0
    private var playing = false
    private var samples: Int64 = 0

    /// Media time: the periods ticked so far.
    public var now: MediaTime { MediaTime(nanoseconds: samples * 125_000) }
    /// The leg's codec.
    public var codec: MediaLegCodec { leg.codec }

    public init(
        codec: MediaLegCodec,
        jitter: JitterBuffer.Configuration = .init(minimumDelay: .milliseconds(40), maximumDelay: .milliseconds(200))
    ) throws(MediaCodecError) {
        leg = try BridgeLeg(id: MediaLegID(0), codec: codec, jitter: jitter)
    }

    /// A packet from the caller (RFC 3550 §A.1 checks were made by the session).
    public func receive(_ packet: RTPPacket) {
        _ = leg.jitter.insert(packet, at: now)
    }

    /// Plays `samples` (8 kHz linear) from the next period on, replacing what was playing.
    public func play(_ samples: [Int16]) {
        prompt = samples
        position = 0
        playing = true
    }

    /// Stops the prompt (silence from the next period on); no `promptFinished` follows.
    public func stop() {
        playing = false
        prompt = []
    }

    /// One packet period: the prompt's next samples out, the caller's audio and digit in.
    public func tick() -> Period {
        let count = leg.periodSamples
        var out = [Int16](repeating: 0, count: count)
        var finished = false
        if playing {
            let take = min(count, prompt.count - position)
            if take > 0 { out.replaceSubrange(0..<take, with: prompt[position..<position + take]) }
            position += take
            if position >= prompt.count {
                playing = false
                prompt = []
                finished = true
            }
        }
        let outgoing = leg.send(G711Codec.encode(out, law: .aLaw), volume: 10)
        let (heard, digit) = leg.playout(at: now)
        samples += Int64(count)
        return Period(outgoing: outgoing, heard: heard, digit: digit, promptFinished: finished)
    }
}
