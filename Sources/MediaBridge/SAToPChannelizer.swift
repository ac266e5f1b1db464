public import MediaSessions
public import NIOCore
public import TDMWire

/// One SAToP pseudowire (RFC 4553, the unstructured 2.048 Mbit/s E1) split into per-timeslot A-law octet streams.
///
/// Pure: packets in; per packetisation period (F frames of 125 µs) one `pull` and one `makePacket`, as
/// `TDMChannelizer` for CESoPSN, so calls see the same `Received`.
/// ```
///  PSN ─packet─▶ PseudowireJitterBuffer ─32·F octets─▶ E1FrameAligner ─frames─▶ FIFO ─F frames─▶ [timeslot: F octets]
///                 lost / L: 32·F AIS octets, marked replaced ──┘ (phase kept)
///  PSN ◀─packet─ PseudowireSender(.satop) ◀─ E1Bitstream ◀─ E1Framer (TS0 FAS/NFAS, TS16, idle) ◀─ [timeslot: F octets]
/// ```
/// - Payload: 32 × F octets of the bit stream, no relation to frame boundaries (RFC 4553 §5.1; F = 8 gives the
///   default 256 octets). A payload of another size is dropped and counted (the size is fixed for the PW's life).
/// - Receive: the stream may start at any bit; `E1FrameAligner` finds the FAS/NFAS/FAS sequence (G.706 §4.1.2) and
///   searches again after three bad FAS (§4.1.1). Frames queue in a FIFO that is filled to F frames once per
///   alignment and then drained F per period, so the delay is constant while aligned.
/// - Loss (RFC 4553 §6.2.2): a missing packet, or one with L = 1, is replaced by the same amount of AIS (all ones),
///   so the bit stream keeps its timing; the aligner keeps its phase across it, and the periods holding its frames
///   give 0xD5 and are flagged `lost` so the calls conceal them. A packet-sized slip of the playout buffer keeps
///   the frame phase too (32 × F octets).
/// - Send: R = 1 while in loss-of-packets state (RFC 4553 §4.3.1, §6.3); L never set (the gateway is its own
///   attachment circuit). The A bit (remote alarm, G.704 §2.3.2) is set while the receive side is not aligned.
/// - CRC-4 (`crc4: true`): the aligned frames go through `E1CRC4Monitor` (G.706 §4.2 multiframe search, G.704
///   §2.3.3 check of each SMF); each checked SMF is reported back in the E bits we send (0 = errored, G.704 §2.3.3.4).
///   A new frame alignment restarts the multiframe search; ≥ 915 errored SMFs of 1000 (G.706 §4.3.2) make the frame
///   alignment false and start its search again. 8 ms without the multiframe only restart the multiframe search
///   (counted): a CE that sends no CRC-4 keeps its audio (G.706 Annex B interworking, rather than §4.2's re-search of
///   frame alignment). The received A bit and E bits are counted in `lineStatus`.
/// - CAS (`cas: true`): TS16 carries the G.704 §5.1.3.2 multiframe (a b c d idle 1101); TS16 of the aligned frames
///   goes through `E1CASMonitor`, and y is sent while it has no multiframe alignment.
public struct SAToPChannelizer: Sendable {
    /// AIS: the all-ones replacement of a lost SAToP payload (RFC 4553 §6.2.2).
    public static let aisOctet: UInt8 = 0xFF

    public let timeslots: [Int]
    public let framesPerPacket: Int
    public private(set) var counters = TDMChannelizer.Counters()
    private var buffer: PseudowireJitterBuffer
    private var sender: PseudowireSender
    private var aligner = E1FrameAligner()
    private var framer: E1Framer
    private var crc4Monitor: E1CRC4Monitor?
    private var casMonitor: E1CASMonitor?
    /// The alignment (`E1FrameAligner.alignmentsFound`) the monitors follow.
    private var monitoredAlignment = 0
    private var receivedRemoteAlarm = false
    private var queue: [E1FrameAligner.AlignedFrame] = []
    /// The FIFO was filled to F frames since alignment was last found.
    private var primed = false

    public init(
        timeslots: [Int], framesPerPacket: Int, jitterDepth: Int = 4, maximumJitterDepth: Int? = nil,
        timeslot16: UInt8 = 0xD5, crc4: Bool = false, cas: Bool = false, initialSequence: UInt16
    ) {
        precondition(!timeslots.isEmpty && framesPerPacket > 0)
        self.timeslots = timeslots
        self.framesPerPacket = framesPerPacket
        buffer = PseudowireJitterBuffer(
            configuration: .init(
                payloadLength: E1Frame.octets * framesPerPacket, depth: jitterDepth,
                replacement: .idlePattern(Self.aisOctet),
                capacity: max(256, jitterDepth * 4, (maximumJitterDepth ?? jitterDepth) * 4),
                maximumDepth: max(jitterDepth, maximumJitterDepth ?? jitterDepth)))
        sender = PseudowireSender(service: .satop, initialSequence: initialSequence)
        framer = E1Framer(
            configuration: .init(idle: TDMChannelizer.idleOctet, timeslot16: timeslot16, crc4: crc4, cas: cas))
        crc4Monitor = crc4 ? E1CRC4Monitor() : nil
        casMonitor = cas ? E1CASMonitor() : nil
    }

    public init(configuration: PseudowireConfiguration, initialSequence: UInt16) {
        self.init(
            timeslots: configuration.timeslots, framesPerPacket: configuration.framesPerPacket,
            jitterDepth: configuration.jitterDepth, maximumJitterDepth: configuration.maximumJitterDepth,
            timeslot16: configuration.timeslot16, crc4: configuration.crc4, cas: configuration.cas,
            initialSequence: initialSequence)
    }

    private var payloadLength: Int { E1Frame.octets * framesPerPacket }

    /// One UDP datagram (no RTP header). Malformed datagrams and payloads of the wrong size are counted and dropped
    /// (RFC 4553 §6.2.2 discards malformed packets; there is no error reply).
    @discardableResult
    public mutating func receive(_ datagram: ByteBuffer) -> PseudowireJitterBuffer.Arrival? {
        let packet: PseudowirePacket
        do {
            packet = try PseudowirePacket.decode(datagram, rtp: .none)
        } catch {
            counters.malformed += 1
            return nil
        }
        let length = packet.payload.readableBytes
        // RFC 4553 §4.3.1: with L set the payload may be omitted; otherwise it is the configured size.
        guard length == payloadLength || (packet.controlWord.localFailure && length == 0) else {
            counters.malformed += 1
            return nil
        }
        let arrival = buffer.insert(packet)
        counters.count(arrival)
        return arrival
    }

    /// The first half of a period: F octets per carried timeslot, from F aligned frames.
    public mutating func pull() -> TDMChannelizer.Received {
        let output = buffer.pull()
        let frames: [E1FrameAligner.AlignedFrame]
        switch output.kind {
        case .waiting:
            return idle(waiting: true)
        case .played:
            frames = aligner.align(output.octets)
        case .replacedLost, .replacedLocalFailure:
            // RFC 4553 §6.2.2: the same amount of replacement data (AIS) keeps the stream's timing.
            frames = aligner.align(output.octets, replaced: true)
        }
        monitor(frames)
        queue += frames
        guard case .aligned = aligner.state else {
            crc4Monitor?.restart()
            casMonitor?.restart()
            queue.removeAll()
            primed = false
            return idle(waiting: false)
        }
        if !primed {
            guard queue.count >= framesPerPacket else { return idle(waiting: false) }
            primed = true
        }
        // A steady stream adds F frames per period; more than 2F queued would only add delay.
        if queue.count > 2 * framesPerPacket { queue.removeFirst(queue.count - 2 * framesPerPacket) }
        guard queue.count >= framesPerPacket else { return idle(waiting: false) }
        let period = queue.prefix(framesPerPacket)
        queue.removeFirst(framesPerPacket)
        var payload: [UInt8] = []
        payload.reserveCapacity(timeslots.count * framesPerPacket)
        for aligned in period {
            // A frame holding replacement bits plays A-law silence, as a lost CESoPSN packet does (the call conceals).
            for slot in timeslots { payload.append(aligned.replaced ? TDMChannelizer.idleOctet : aligned.frame[slot]) }
        }
        return TDMChannelizer.Received(
            payload: payload, timeslots: timeslots, lost: period.contains { $0.replaced }, waiting: false)
    }

    /// Runs the received frames through the CRC-4 and CAS monitors; checked SMFs become E bits to send.
    private mutating func monitor(_ frames: [E1FrameAligner.AlignedFrame]) {
        for aligned in frames {
            if aligned.alignment != monitoredAlignment {
                monitoredAlignment = aligned.alignment
                crc4Monitor?.restart()
                casMonitor?.restart()
            }
            if !aligned.isFAS && !aligned.replaced { receivedRemoteAlarm = aligned.frame.remoteAlarm }
            if var crc4 = crc4Monitor {
                for event in crc4.receive(aligned.frame, isFAS: aligned.isFAS, replaced: aligned.replaced) {
                    switch event {
                    case .submultiframe(let errored): framer.reportReceivedSubmultiframe(errored: errored)
                    case .multiframeAlignmentLost:
                        // G.706 §4.3.2: ≥ 915 errored CRC blocks of 1000 mean the frame alignment is false.
                        aligner.searchAgain()
                    case .multiframeAlignmentFound, .searchTimedOut: break
                    }
                }
                crc4Monitor = crc4
            }
            if var cas = casMonitor {
                _ = cas.receive(aligned.frame[16], replaced: aligned.replaced)
                casMonitor = cas
            }
        }
    }

    /// The second half: F E1 frames carrying `outgoing` in its timeslots, as one SAToP packet.
    public mutating func makePacket(outgoing: [Int: [UInt8]]) -> PseudowirePacket {
        var channels: [Int: [UInt8]] = [:]
        for slot in timeslots { channels[slot] = outgoing[slot] ?? [] }
        if timeslots.contains(16), outgoing[16] == nil {
            // TS16 listed as a voice channel: idle speech, not the signalling pattern.
            channels[16] = [UInt8](repeating: TDMChannelizer.idleOctet, count: framesPerPacket)
        }
        framer.remoteAlarm = !inFrameAlignment
        framer.remoteMultiframeAlarm = !(casMonitor?.isAligned ?? true)
        let frames = framer.makeFrames(count: framesPerPacket, channels: channels)
        sender.remoteFailure = buffer.remoteFailureIndication
        counters.sent += 1
        return sender.makePacket(payload: E1Bitstream.encode(frames))
    }

    /// The received stream is in frame alignment (G.706 §4.1).
    public var inFrameAlignment: Bool {
        if case .aligned = aligner.state { return true }
        return false
    }

    public var inLossState: Bool { buffer.remoteFailureIndication }
    public var lostPackets: Int { buffer.lost }
    public var slips: Int { buffer.slips }
    public var jitterTargetDepth: Int { buffer.targetDepth }
    public var frameAlignments: (found: Int, lost: Int)? { (aligner.alignmentsFound, aligner.alignmentsLost) }

    /// The far end's alarms and the CRC-4 / CAS state of the received E1.
    public var lineStatus: E1LineStatus? {
        var status = E1LineStatus()
        status.remoteAlarm = inFrameAlignment && receivedRemoteAlarm
        if let crc4Monitor {
            status.crc4 = crc4Monitor.counters
            if case .aligned = crc4Monitor.state { status.crc4Aligned = true }
        }
        if let casMonitor {
            status.casAligned = casMonitor.isAligned
            status.casRemoteAlarm = casMonitor.isAligned && casMonitor.remoteAlarm
            status.casAlignmentsFound = casMonitor.alignmentsFound
            status.casAlignmentsLost = casMonitor.alignmentsLost
            status.abcd = casMonitor.abcd
        }
        return status
    }

    private func idle(waiting: Bool) -> TDMChannelizer.Received {
        TDMChannelizer.Received(
            payload: [UInt8](repeating: TDMChannelizer.idleOctet, count: timeslots.count * framesPerPacket),
            timeslots: timeslots, lost: true, waiting: waiting)
    }
}

extension SAToPChannelizer: PseudowireChannelizer {}
