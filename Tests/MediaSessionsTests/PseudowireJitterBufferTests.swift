import MediaSessions
import NIOCore
import TDMWire
import Testing

func pwPacket(_ sequence: UInt16, fill: UInt8, length: Int = 8, localFailure: Bool = false) -> PseudowirePacket {
    PseudowirePacket(
        controlWord: PseudowireControlWord(localFailure: localFailure, sequenceNumber: sequence),
        payload: localFailure ? ByteBuffer() : ByteBuffer(bytes: [UInt8](repeating: fill, count: length)))
}

@Suite("Pseudowire jitter buffer (RFC 5086 §6, RFC 4553 §6)")
struct PseudowireJitterBufferTests {
    @Test("RFC 5086 §6.2: a lost packet plays the idle pattern; order restored across the sequence wrap")
    func idleOnLoss() {
        var buffer = PseudowireJitterBuffer(
            configuration: .init(payloadLength: 8, depth: 2, replacement: .idlePattern(0xD5)))
        #expect(buffer.insert(pwPacket(65_535, fill: 1)) == .buffered)
        #expect(buffer.insert(pwPacket(1, fill: 3)) == .buffered)  // 0 lost, 1 arrives first
        let outputs = (0..<3).map { _ in buffer.pull() }
        #expect(outputs.map(\.kind) == [.played, .replacedLost, .played])
        #expect(outputs[0].octets == [UInt8](repeating: 1, count: 8))
        #expect(outputs[1].octets == [UInt8](repeating: 0xD5, count: 8))
        #expect(outputs[2].octets == [UInt8](repeating: 3, count: 8))
        #expect(buffer.insert(pwPacket(0, fill: 2)) == .late)
        #expect(buffer.insert(pwPacket(1, fill: 3)) == .late)
    }

    @Test("RFC 5086 §6.2: playout ahead of a slower far end slips (restarts at depth) instead of going silent")
    func slipWhenPlayoutRunsAhead() {
        var buffer = PseudowireJitterBuffer(
            configuration: .init(payloadLength: 8, depth: 2, replacement: .idlePattern(0xD5)))
        _ = buffer.insert(pwPacket(10, fill: 1))
        _ = buffer.insert(pwPacket(11, fill: 2))
        // Our clock pulls five periods while the far end sent two: the playout point passes 12, 13, 14.
        let early = (0..<5).map { _ in buffer.pull().kind }
        #expect(early == [.played, .played, .replacedLost, .replacedLost, .replacedLost])
        // Packets 12 and 13 arrive behind the playout point but newer than any seen: a slip, not silence for ever.
        #expect(buffer.insert(pwPacket(12, fill: 3)) == .buffered)
        #expect(buffer.insert(pwPacket(13, fill: 4)) == .buffered)
        #expect(buffer.slips == 1)
        #expect(buffer.pull().octets == [UInt8](repeating: 3, count: 8))
        #expect(buffer.pull().octets == [UInt8](repeating: 4, count: 8))
    }

    /// Packet n is sent at period n, but the path hands them over in bursts of `burst`, each burst late by a
    /// varying number of periods from `lags` (a PSN or a loaded host that delivers in batches); playout pulls one
    /// packet per period. Returns what each period played.
    static func bursty(
        _ buffer: inout PseudowireJitterBuffer, bursts: Int, burst: Int, lags: (Int) -> Int
    ) -> [PseudowireJitterBuffer.Output.Kind] {
        let due = (0..<bursts).map { index in (index + 1) * burst + lags(index) }
        var kinds: [PseudowireJitterBuffer.Output.Kind] = []
        for time in 0...(due.max() ?? 0) {
            for index in due.indices where due[index] == time {
                for offset in 0..<burst { _ = buffer.insert(pwPacket(UInt16(index * burst + offset), fill: 1)) }
            }
            kinds.append(buffer.pull().kind)
        }
        return kinds
    }

    /// A host getting busier: each burst one period later than the one before, up to 40 periods.
    static func lag(_ index: Int) -> Int { min(index, 40) }

    @Test("RFC 5086 §6.2 (buffer size left to the implementation): bursty delivery grows the target; once grown, no loss")
    func adaptiveDepthGrows() {
        var buffer = PseudowireJitterBuffer(
            configuration: .init(
                payloadLength: 8, depth: 4, replacement: .idlePattern(0xD5), capacity: 256, maximumDepth: 64))
        let kinds = Self.bursty(&buffer, bursts: 300, burst: 4, lags: Self.lag)
        #expect(buffer.slips >= 1)
        #expect(buffer.targetDepth > 4 && buffer.targetDepth <= 64)
        // Once the lag stops growing, every packet plays.
        let tail = kinds.suffix(1000)
        #expect(tail.allSatisfy { $0 == .played }, "\(tail.filter { $0 != .played }.count) periods not played")
        // A fixed depth 4 re-centres only on the lag that just hit it, so each larger lag costs another slip.
        var fixed = PseudowireJitterBuffer(
            configuration: .init(payloadLength: 8, depth: 4, replacement: .idlePattern(0xD5), capacity: 256))
        let fixedKinds = Self.bursty(&fixed, bursts: 300, burst: 4, lags: Self.lag)
        print("bursty delivery: adaptive \(buffer.slips) slips, depth \(buffer.targetDepth); fixed \(fixed.slips) slips")
        #expect(fixed.targetDepth == 4)
        #expect(fixed.slips > buffer.slips)
        #expect(fixedKinds.filter { $0 == .replacedLost }.count > kinds.filter { $0 == .replacedLost }.count)
    }

    @Test("RFC 5086 §6.2: after a quiet window the target steps back to depth and the extra delay is dropped")
    func adaptiveDepthShrinks() {
        var buffer = PseudowireJitterBuffer(
            configuration: .init(
                payloadLength: 8, depth: 2, replacement: .idlePattern(0xD5), capacity: 64, maximumDepth: 16,
                adaptationWindow: 50))
        _ = Self.bursty(&buffer, bursts: 10, burst: 6, lags: { $0 % 2 == 1 ? 5 : 0 })
        let grown = buffer.targetDepth
        #expect(grown > 2)
        // The late packets of the last stall arrive at once (12 held), then the far end is steady: one packet per
        // period, for several windows.
        for sequence in 60..<72 { _ = buffer.insert(pwPacket(UInt16(sequence), fill: 1)) }
        let before = buffer.bufferedPackets
        var lost = 0
        var held: [Int] = []
        for sequence in 72..<472 {
            _ = buffer.insert(pwPacket(UInt16(sequence), fill: 1))
            if buffer.pull().kind == .replacedLost { lost += 1 }
            held.append(buffer.bufferedPackets)
        }
        #expect(lost == 0)
        #expect(buffer.targetDepth == 2)
        // The delay came down with the target: packets held before the steady stretch and after each pull at its end.
        #expect(before > 8)
        #expect(held.suffix(100).allSatisfy { $0 <= 2 })
    }

    @Test("RFC 5086 §6.2: a far end faster than our playout slips forward at capacity, keeping the newest packets")
    func slipWhenBufferFills() {
        var buffer = PseudowireJitterBuffer(
            configuration: .init(payloadLength: 8, depth: 2, replacement: .idlePattern(0xD5), capacity: 4))
        for sequence in 0..<4 { _ = buffer.insert(pwPacket(UInt16(sequence), fill: UInt8(sequence))) }
        _ = buffer.pull()  // 0 played; 1, 2, 3 held
        _ = buffer.insert(pwPacket(4, fill: 4))
        #expect(buffer.insert(pwPacket(5, fill: 5)) == .buffered)
        #expect(buffer.slips == 1)
        #expect(buffer.pull().octets == [UInt8](repeating: 4, count: 8))
    }

    @Test("RFC 4553 §6.2: replacement may repeat the last good payload instead of the idle pattern")
    func repeatLast() {
        var buffer = PseudowireJitterBuffer(configuration: .init(payloadLength: 4, depth: 1, replacement: .repeatLast))
        _ = buffer.insert(pwPacket(10, fill: 9, length: 4))
        _ = buffer.insert(pwPacket(12, fill: 7, length: 4))
        #expect((0..<3).map { _ in buffer.pull().octets[0] } == [9, 9, 7])
    }

    @Test("RFC 5086 §5.2/§6.1: a packet with L = 1 (payload omitted) plays the replacement, flags far-end failure")
    func localFailure() {
        var buffer = PseudowireJitterBuffer(configuration: .init(payloadLength: 8, depth: 1))
        _ = buffer.insert(pwPacket(5, fill: 0, localFailure: true))
        let out = buffer.pull()
        #expect(out.kind == .replacedLocalFailure && out.octets == [UInt8](repeating: 0xFF, count: 8))
        #expect(buffer.farEndLocalFailure)
    }

    @Test("RFC 5086 §6.3: loss-of-packets state after 3 consecutive losses sets R; 2 good packets clear it")
    func remoteFailureBit() {
        var buffer = PseudowireJitterBuffer(configuration: .init(payloadLength: 8, depth: 1))
        var sender = PseudowireSender(service: .satop, initialSequence: 0)
        _ = buffer.insert(pwPacket(0, fill: 1))
        _ = buffer.pull()
        _ = buffer.insert(pwPacket(5, fill: 1))
        for _ in 0..<3 { _ = buffer.pull() }  // 1, 2, 3 lost
        #expect(buffer.remoteFailureIndication)
        sender.remoteFailure = buffer.remoteFailureIndication
        #expect(sender.makePacket(payload: ByteBuffer(bytes: [1])).controlWord.remoteFailure)
        _ = buffer.pull()  // 4 lost
        _ = buffer.insert(pwPacket(6, fill: 1))
        _ = buffer.pull()  // 5 good
        #expect(buffer.remoteFailureIndication)
        _ = buffer.pull()  // 6 good
        #expect(!buffer.remoteFailureIndication)
    }

    @Test("RFC 5086 §5.2: the sender omits the payload with L = 1 and reports RDI as M = 0b10 only when L = 0")
    func senderBits() {
        var sender = PseudowireSender(service: .cesopsn(timeslots: [1], framesPerPacket: 4), initialSequence: 65_535)
        sender.remoteDefectIndication = true
        let rdi = sender.makePacket(payload: ByteBuffer(bytes: [1, 2, 3, 4]))
        #expect(rdi.controlWord.modifier == 0b10 && rdi.controlWord.sequenceNumber == 65_535)
        #expect(rdi.controlWord.length == 8)
        sender.localFailure = true
        let failed = sender.makePacket(payload: ByteBuffer(bytes: [1, 2, 3, 4]))
        #expect(
            failed.controlWord.localFailure && failed.controlWord.modifier == 0 && failed.payload.readableBytes == 0)
        #expect(failed.controlWord.sequenceNumber == 0)
    }
}
