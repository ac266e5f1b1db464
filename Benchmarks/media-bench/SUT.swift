// The system under test on Reroute's side: N calls, each two RTP legs (RTPLegTransport: socket, RTCP, symmetric
// latching) with a playout buffer per direction (JitterBuffer) and the transcoder between them (MediaCodecs), driven
// by one 20 ms period timer on a one-thread event loop — the pieces and the cadence MediaBridgeService uses for a
// leg, with an RTP leg where the bridge has a TDM timeslot. Run as a child process (`media-bench sut MODE`) so its
// CPU and memory are read from /proc exactly as rtpengine's are.
import Foundation
import MediaBridge
import MediaCodecs
import MediaSessions
import MediaTransport
import NIOCore
import NIOPosix
import RTPWire

final class RelayCall: @unchecked Sendable {
    /// [0] = leg A (PCMA, caller side), [1] = leg B (the mode's codec).
    var legs: [RTPLegTransport] = []
    var jitter: [JitterBuffer]
    /// [0]: A → B (PCMA → codec), [1]: B → A (codec → PCMA).
    let transcoders: [Transcoder]
    let payloadTypes: [RTPPayloadType]
    let samples: [UInt32]

    init(mode: BenchMode) throws {
        let b = mode.legB
        transcoders = [
            try Transcoder(from: .g711(.aLaw), to: b.format), try Transcoder(from: b.format, to: .g711(.aLaw)),
        ]
        payloadTypes = [.pcma, b.payloadType]
        samples = [160, UInt32(b.format.rtpClockRate / 50)]
        // Same playout bounds as CallMediaBridge's default configuration.
        jitter = [
            JitterBuffer(configuration: .init(samplesPerPacket: 160, clockRate: 8000, minimumDelay: .milliseconds(40))),
            JitterBuffer(
                configuration: .init(
                    samplesPerPacket: samples[1], clockRate: b.format.rtpClockRate, minimumDelay: .milliseconds(40))),
        ]
    }
}

final class RelayService: @unchecked Sendable {
    let loop: any EventLoop
    let mode: BenchMode
    var calls: [RelayCall] = []
    var start = NIODeadline.now()
    var periodsRun = 0
    var timer: RepeatedTask?
    var sent = 0

    init(loop: any EventLoop, mode: BenchMode) {
        self.loop = loop
        self.mode = mode
    }

    /// The bridge's clock (as CallMediaBridge's sample count): periods run so far, 20 ms each.
    var now: MediaTime { MediaTime(nanoseconds: Int64(periodsRun) * 20_000_000) }

    func open(count: Int) async throws -> [Int] {
        var ports: [Int] = []
        var offset = 0
        for index in 0..<count {
            let call = try RelayCall(mode: mode)
            for side in 0..<2 {
                offset += 1
                let clock = side == 0 ? 8000 : mode.legB.format.rtpClockRate
                let ssrc = UInt32.random(in: 1 ... .max)
                let session = RTPSession.Configuration(
                    ssrc: ssrc, clockRate: clock, initialSequence: .random(in: 0 ... .max),
                    initialTimestamp: .random(in: 0 ... .max), cname: "bench-\(index)-\(side)@127.0.0.1",
                    ntpEpoch: NTPTimestamp(rawValue: 0), randomSeed: UInt64(ssrc))
                let leg = try await RTPLegTransport.bind(
                    host: "127.0.0.1", range: RTPPortRange(lower: 20000, upper: 29999), offset: offset,
                    configuration: session, signalled: nil, group: loop
                ) { [self] event in
                    guard case .media(let packet, _) = event else { return }
                    _ = call.jitter[side].insert(packet, at: self.now)
                }
                call.legs.append(leg)
                ports.append(leg.localAddress?.port ?? 0)
            }
            try await loop.submit { self.calls.append(call) }.get()
        }
        try await loop.submit { self.startTimer() }.get()
        return ports
    }

    private func startTimer() {
        start = .now()
        periodsRun = 0
        // A 1 ms wake-up, as MediaBridgeService's tick at a 1 ms pseudowire period.
        timer = loop.scheduleRepeatedTask(initialDelay: .milliseconds(1), delay: .milliseconds(1)) { [self] _ in
            // As MediaBridgeService: the timer only wakes us; every period due by the clock runs (bounded catch-up).
            let due = Int((NIODeadline.now() - start).nanoseconds / 20_000_000)
            if due - periodsRun > 100 { periodsRun = due - 100 }
            while periodsRun < due {
                runPeriod()
                periodsRun += 1
            }
        }
    }

    private func runPeriod() {
        let now = self.now
        for call in calls {
            for direction in 0..<2 {
                let out = 1 - direction
                var payloads: [[UInt8]] = []
                switch call.jitter[direction].pull(at: now) {
                case .waiting:
                    continue
                case .conceal:
                    guard !call.transcoders[direction].isPassthrough else { continue }
                    payloads = (try? call.transcoders[direction].concealLoss(milliseconds: 20)) ?? []
                case .frame(let packet):
                    payloads =
                        (try? call.transcoders[direction].transcode(Array(packet.payload.readableBytesView))) ?? []
                }
                for payload in payloads {
                    sent += 1
                    call.legs[out].send(
                        payloadType: call.payloadTypes[out], payload: ByteBuffer(bytes: payload),
                        samples: call.samples[out])
                }
            }
        }
    }
}

/// `media-bench sut MODE`: prints IDLE, reads `open N`, prints `PORTS a0 b0 a1 b1 …`, runs until stdin closes.
func runSUT(mode: BenchMode) async throws {
    raiseFileLimit()
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let service = RelayService(loop: group.next(), mode: mode)
    print("IDLE")
    fflush(nil)
    guard let line = readLine(), line.hasPrefix("open "), let count = Int(line.dropFirst(5)) else { return }
    let ports = try await service.open(count: count)
    print("PORTS " + ports.map(String.init).joined(separator: " "))
    fflush(nil)
    while let line = readLine(), line != "quit" {}
    let counters = try await service.loop.submit { service.calls.map { $0.jitter.map(\.counters) } }.get()
    var totals = [0, 0, 0, 0, 0, 0]
    for call in counters {
        for c in call {
            totals[0] += c.played
            totals[1] += c.concealedLost
            totals[2] += c.concealedUnderrun
            totals[3] += c.late
            totals[4] += c.skipped
            totals[5] += c.overflows
        }
    }
    FileHandle.standardError.write(
        Data("SUT playout played/lost/underrun/late/skipped/overflow: \(totals) sent \(service.sent)\n".utf8))
    try await group.shutdownGracefully()
}
