import MediaBridge
import MediaCodecs
import MediaSessions
import NIOCore
import RTPWire
import RerouteTestSupport
import TDMWire

/// One call's bridge between a simulated E1 side (a CE building CESoPSN packets, RFC 5086 basic mode) and a
/// simulated app (RTP packets numbered as RFC 3550 §5.1 says), on a virtual clock of pseudowire periods (1 ms).
final class BridgeHarness {
    let timeslots = [1, 2, 3, 17]
    let slot = 2
    let frames = 8
    var channelizer: TDMChannelizer
    let bridge: CallMediaBridge
    private var ceSender: PseudowireSender
    /// Seeded loss and reordering of the CE's packets (nil = perfect network).
    var network: LossyNetwork?
    private var inFlight: [(due: Int, bytes: ByteBuffer)] = []
    /// What the E1 side received on `slot`, one octet per 125 µs.
    private(set) var tdmOut: [UInt8] = []
    /// Sequence numbers of the packets the E1 side received.
    private(set) var sequences: [UInt16] = []
    private(set) var remoteFailureBits: [Bool] = []
    /// RTP packets the bridge sent, with the period they left in.
    private(set) var rtpOut: [(period: Int, leg: MediaLegID, packet: RTPPacket)] = []
    private(set) var recorded: [Int16] = []
    /// Announcements the bridge reported played, with the period it reported each in.
    private(set) var announcementsFinished: [(period: Int, id: Int)] = []
    /// Keys detected on the timeslot (`.digit`), with the period they were reported in.
    private(set) var digits: [(period: Int, digit: Character)] = []
    private var legTimestamps: [MediaLegID: (sequence: UInt16, timestamp: UInt32)] = [:]
    /// RTP from the app, by the period it arrives in.
    var rtpIn: [Int: [(MediaLegID, RTPPacket)]] = [:]
    private(set) var period = 0

    init(configuration: CallMediaBridge.Configuration = .init()) throws {
        channelizer = TDMChannelizer(timeslots: timeslots, framesPerPacket: frames, jitterDepth: 4, initialSequence: 0xFFF0)
        bridge = try CallMediaBridge(configuration: configuration)
        ceSender = PseudowireSender(service: .cesopsn(timeslots: timeslots, framesPerPacket: frames), initialSequence: 40)
    }

    /// Runs `periods` pseudowire periods; the caller's A-law octets come from `input` (idle after its end).
    func run(periods: Int, input: [UInt8] = [], from offset: Int = 0) {
        for index in 0..<periods {
            let start = (offset + index) * frames
            let octets = (0..<frames).map { start + $0 < input.count && start + $0 >= 0 ? input[start + $0] : 0xD5 }
            step(callerOctets: octets)
        }
    }

    /// One period with the caller's `frames` octets.
    func step(callerOctets: [UInt8]) {
        // The CE: slot 2 carries the caller, the other timeslots an unrelated pattern.
        var payload = ByteBuffer()
        for frame in 0..<frames {
            for slot in timeslots { payload.writeInteger(slot == self.slot ? callerOctets[frame] : UInt8(0x40 | slot)) }
        }
        let bytes = ceSender.makePacket(payload: payload).encoded(rtp: .none)
        if var network {
            if let delay = network.delay() { inFlight.append((period + delay, bytes)) }
            self.network = network
        } else {
            inFlight.append((period, bytes))
        }
        for packet in inFlight.filter({ $0.due <= period }).sorted(by: { $0.due < $1.due }) {
            channelizer.receive(packet.bytes)
        }
        inFlight.removeAll { $0.due <= period }

        for (leg, packet) in rtpIn.removeValue(forKey: period) ?? [] { bridge.receiveRTP(packet, from: leg) }
        let received = channelizer.pull()
        let (toTDM, actions) = bridge.exchangeTDM(received: received.octets(slot)!, lost: received.lost)
        let packet = channelizer.makePacket(outgoing: [slot: toTDM])

        // The E1 side decodes what we sent (RFC 5086 §5.1 frame-by-frame layout).
        let decoded = try! PseudowirePacket.decode(packet.encoded(rtp: .none))
        sequences.append(decoded.controlWord.sequenceNumber)
        remoteFailureBits.append(decoded.controlWord.remoteFailure)
        let cesopsn = try! CESoPSNPayload.decode(decoded.payload, timeslots: timeslots)
        let column = timeslots.firstIndex(of: slot)!
        tdmOut += cesopsn.frames.map { $0[column] }
        for (other, index) in zip(timeslots, timeslots.indices) where other != slot {
            precondition(cesopsn.frames.allSatisfy { $0[index] == TDMChannelizer.idleOctet }, "idle slot \(other)")
        }

        for action in actions {
            switch action {
            case .sendRTP(let leg, let outgoing):
                var state = legTimestamps[leg] ?? (sequence: 1000, timestamp: 160_000)
                let header = RTPHeader(
                    marker: outgoing.marker, payloadType: outgoing.payloadType, sequenceNumber: state.sequence,
                    timestamp: state.timestamp, ssrc: 0x5EED_0000 | UInt32(leg.rawValue))
                state.sequence &+= 1
                state.timestamp &+= outgoing.samples
                legTimestamps[leg] = state
                rtpOut.append((period, leg, RTPPacket(header: header, payload: ByteBuffer(bytes: outgoing.payload))))
            case .recorded(let samples):
                recorded += samples
            case .announcementFinished(let id):
                announcementsFinished.append((period, id))
            case .digit(let digit):
                digits.append((period, digit))
            }
        }
        period += 1
    }

    /// Runs this call and `far` side by side: what this bridge sends on `leg` reaches `far` as RTP on `farLeg` in
    /// the same period (a perfect IP network); `far`'s caller is silent.
    func run(periods: Int, input: [UInt8], to far: BridgeHarness, leg: MediaLegID, farLeg: MediaLegID) {
        for index in 0..<periods {
            let start = index * frames
            let octets = (0..<frames).map { start + $0 < input.count ? input[start + $0] : 0xD5 }
            let before = rtpOut.count
            step(callerOctets: octets)
            for entry in rtpOut[before...] where entry.leg == leg {
                far.rtpIn[far.period, default: []].append((farLeg, entry.packet))
            }
            far.step(callerOctets: [UInt8](repeating: 0xD5, count: frames))
        }
    }

    /// Plays `packets` back into the bridge as the app would send them: the same spacing, starting `at` a period.
    func replay(_ packets: [(period: Int, leg: MediaLegID, packet: RTPPacket)], as leg: MediaLegID, at start: Int) {
        guard let first = packets.first?.period else { return }
        for entry in packets { rtpIn[start + entry.period - first, default: []].append((leg, entry.packet)) }
    }

    /// The app's view: decoded audio of the PCMA packets sent on `leg` (events skipped).
    func sentPCMA(on leg: MediaLegID) -> [Int16] {
        rtpOut.filter { $0.leg == leg && $0.packet.header.payloadType == .pcma }
            .flatMap { G711Codec.decode(Array($0.packet.payload.readableBytesView), law: .aLaw) }
    }
}

/// Seeded loss and reordering: each packet is lost with `loss`, else delayed 0…`maxDelay` periods.
struct LossyNetwork {
    var rng: SeededGenerator
    var loss: Double
    var maxDelay: Int

    mutating func delay() -> Int? {
        let unit = Double(rng.next() >> 11) / Double(UInt64(1) << 53)
        guard unit >= loss else { return nil }
        return Int(rng.next() % UInt64(maxDelay + 1))
    }
}

extension Array where Element == Int16 {
    var alaw: [UInt8] { G711Codec.encode(self, law: .aLaw) }
}
extension Array where Element == UInt8 {
    var linear: [Int16] { G711Codec.decode(self, law: .aLaw) }
}
