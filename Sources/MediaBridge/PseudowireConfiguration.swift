import TDMWire

/// One CESoPSN or SAToP pseudowire of the gateway and which CICs ride on its timeslots (issue 6 item 1).
///
/// Configuration line (one per pseudowire, in `[media]` of gateway.conf):
/// ```
/// pseudowire NAME = udp LOCALHOST:PORT -> REMOTEHOST:PORT timeslots 1-15,17-31 [frames 8] [depth 4] [max-depth 64]
///     [cic-offset 0] [service cesopsn|satop] [ts16 0xD5|cas] [crc4 off|on]
/// ```
/// `service satop` carries the whole unstructured E1 (RFC 4553; 32 × F octets per packet) instead of the listed
/// timeslots (RFC 5086); `timeslots` then names the timeslots that carry calls. `ts16` is the octet sent in TS16
/// when it carries no call, or `cas` for the G.704 §5.1.3.2 CAS multiframe (idle a b c d, alignment checked on
/// receive; TS16 then cannot carry a call). `crc4 on` sends the G.704 §2.3.3 multiframe and checks the one received
/// (G.706 §4.2–4.3; E bits sent back). Both are SAToP only: CESoPSN carries neither TS0 nor, here, TS16.
/// `frames` is F, the E1 frames (125 µs each) per packet (RFC 5086 §5.1: the packetisation latency; 8 = 1 ms);
/// `depth` the jitter buffer depth in packets where playout starts, `max-depth` the deepest it adapts to after
/// underruns (`PseudowireJitterBuffer`; equal to `depth` for a fixed buffer); the CIC of timeslot n is `cic-offset + n` (so by default CIC n =
/// timeslot n, Q.763 §1.2 leaves the CIC ↔ timeslot assignment to bilateral agreement).
public struct PseudowireConfiguration: Hashable, Sendable {
    /// How the E1 rides the pseudowire.
    public enum Service: Hashable, Sendable {
        /// RFC 5086 basic mode: the listed timeslots, N × F octets per packet.
        case cesopsn
        /// RFC 4553: the whole 2.048 Mbit/s stream, 32 × F octets per packet, frame alignment found by the receiver.
        case satop
    }

    public var name: String
    public var localHost: String
    public var localPort: Int
    public var remoteHost: String
    public var remotePort: Int
    /// The E1 timeslots carried (1–31), in payload order (RFC 5086 §5.1: ascending).
    public var timeslots: [Int]
    public var framesPerPacket: Int
    public var jitterDepth: Int
    public var maximumJitterDepth: Int
    public var cicOffset: Int
    public var service: Service
    /// SAToP: TS16's octet when no call uses it (the trunk's idle/signalling pattern) and `cas` is off.
    public var timeslot16: UInt8
    /// SAToP: send and check the CRC-4 multiframe (G.704 §2.3.3, G.706 §4.2–4.3).
    public var crc4: Bool
    /// SAToP: TS16 carries the CAS multiframe (G.704 §5.1.3.2) — `ts16 cas`.
    public var cas: Bool

    public init(
        name: String, localHost: String = "127.0.0.1", localPort: Int, remoteHost: String = "127.0.0.1",
        remotePort: Int, timeslots: [Int], framesPerPacket: Int = 8, jitterDepth: Int = 4, maximumJitterDepth: Int = 64,
        cicOffset: Int = 0, service: Service = .cesopsn, timeslot16: UInt8 = 0xD5, crc4: Bool = false,
        cas: Bool = false
    ) {
        self.name = name
        self.localHost = localHost
        self.localPort = localPort
        self.remoteHost = remoteHost
        self.remotePort = remotePort
        self.timeslots = timeslots
        self.framesPerPacket = framesPerPacket
        self.jitterDepth = jitterDepth
        self.maximumJitterDepth = max(jitterDepth, maximumJitterDepth)
        self.cicOffset = cicOffset
        self.service = service
        self.timeslot16 = timeslot16
        self.crc4 = crc4
        self.cas = cas
    }

    /// Payload octets per packet: N × F (CESoPSN, RFC 5086 §5.1) or 32 × F (SAToP, RFC 4553 §5.1).
    public var payloadLength: Int {
        switch service {
        case .cesopsn: timeslots.count * framesPerPacket
        case .satop: E1Frame.octets * framesPerPacket
        }
    }

    /// The packetisation period in µs (F × 125 µs).
    public var periodMicroseconds: Int { framesPerPacket * 125 }

    /// The CIC of each carried timeslot.
    public var circuits: [Int: Int] {
        Dictionary(uniqueKeysWithValues: timeslots.map { (cicOffset + $0, $0) })
    }

    /// A configuration line that does not parse: the one-line message names what is wrong.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses one `pseudowire NAME = ...` line.
    public static func parse(_ line: String) throws(ParseError) -> PseudowireConfiguration {
        func fail(_ text: String) -> ParseError { ParseError(description: "pseudowire: \(text) in '\(line)'") }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 8, words[0] == "pseudowire", words[2] == "=", words[3] == "udp",
            words[5] == "->" || words[5] == "→", words[7] == "timeslots", words.count >= 9
        else { throw fail("expected 'pseudowire NAME = udp HOST:PORT -> HOST:PORT timeslots LIST'") }
        guard let local = endpoint(words[4]) else { throw fail("bad local address \(words[4])") }
        guard let remote = endpoint(words[6]) else { throw fail("bad remote address \(words[6])") }
        guard let slots = timeslotList(words[8]) else { throw fail("bad timeslot list \(words[8]) (1-31)") }
        var configuration = PseudowireConfiguration(
            name: words[1], localHost: local.0, localPort: local.1, remoteHost: remote.0, remotePort: remote.1,
            timeslots: slots)
        var index = 9
        while index < words.count {
            guard index + 1 < words.count else { throw fail("option \(words[index]) needs a value") }
            let text = words[index + 1]
            switch words[index] {
            case "service":
                switch text {
                case "cesopsn": configuration.service = .cesopsn
                case "satop": configuration.service = .satop
                default: throw fail("service must be cesopsn or satop")
                }
                index += 2
                continue
            case "crc4":
                guard text == "on" || text == "off" else { throw fail("crc4 must be on or off") }
                configuration.crc4 = text == "on"
                index += 2
                continue
            case "ts16" where text == "cas":
                configuration.cas = true
                index += 2
                continue
            case "ts16":
                let parsed = text.hasPrefix("0x") ? UInt8(text.dropFirst(2), radix: 16) : UInt8(text)
                guard let parsed else { throw fail("ts16 must be an octet (0-255 or 0x00-0xFF) or cas") }
                configuration.timeslot16 = parsed
                index += 2
                continue
            default:
                break
            }
            guard let value = Int(text) else { throw fail("option \(words[index]) needs a number") }
            switch words[index] {
            case "frames":
                // RFC 5086 §5.1 / E1 practice: 1 ms (8 frames) up to 5 ms (40 frames) and beyond; keep it sane.
                guard (1...64).contains(value) else { throw fail("frames must be 1-64") }
                configuration.framesPerPacket = value
            case "depth":
                guard (1...64).contains(value) else { throw fail("depth must be 1-64") }
                configuration.jitterDepth = value
            case "max-depth":
                guard (1...256).contains(value) else { throw fail("max-depth must be 1-256") }
                configuration.maximumJitterDepth = value
            case "cic-offset":
                guard (0...4064).contains(value) else { throw fail("cic-offset must be 0-4064") }
                configuration.cicOffset = value
            default:
                throw fail("unknown option \(words[index])")
            }
            index += 2
        }
        if configuration.crc4 && configuration.service != .satop {
            throw fail("crc4 needs service satop (CESoPSN does not carry timeslot 0)")
        }
        if configuration.cas && configuration.service != .satop {
            throw fail("ts16 cas needs service satop (CESoPSN does not carry timeslot 16 here)")
        }
        if configuration.cas && configuration.timeslots.contains(16) {
            throw fail("ts16 cas: timeslot 16 carries signalling, not a call")
        }
        if configuration.maximumJitterDepth < configuration.jitterDepth {
            // An explicit max-depth below depth is a mistake; the default (64) below a large depth just follows it.
            guard !words.contains("max-depth") else {
                throw fail("max-depth \(configuration.maximumJitterDepth) is below depth \(configuration.jitterDepth)")
            }
            configuration.maximumJitterDepth = configuration.jitterDepth
        }
        return configuration
    }

    private static func endpoint(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port), colon != text.startIndex
        else { return nil }
        return (String(text[..<colon]), port)
    }

    /// `1-15,17-31` → [1 … 15, 17 … 31]; ascending, no repeats, each 1–31.
    static func timeslotList(_ text: String) -> [Int]? {
        var slots: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard bounds.count == 1 || bounds.count == 2, let low = bounds.first!, let high = bounds.last!,
                low <= high, low >= 1, high <= 31
            else { return nil }
            slots += Array(low...high)
        }
        guard !slots.isEmpty, zip(slots, slots.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        return slots
    }
}

/// CIC → (pseudowire, timeslot) over every configured pseudowire.
public struct TDMCircuitMap: Hashable, Sendable {
    public struct Location: Hashable, Sendable {
        public var pseudowire: String
        public var timeslot: Int

        public init(pseudowire: String, timeslot: Int) {
            self.pseudowire = pseudowire
            self.timeslot = timeslot
        }
    }

    public private(set) var locations: [Int: Location] = [:]

    /// Fails with the first CIC two pseudowires both claim.
    public init(_ pseudowires: [PseudowireConfiguration]) throws(PseudowireConfiguration.ParseError) {
        for pseudowire in pseudowires {
            for (cic, slot) in pseudowire.circuits {
                if let other = locations[cic] {
                    throw .init(description: "CIC \(cic) is on both \(other.pseudowire) and \(pseudowire.name)")
                }
                locations[cic] = Location(pseudowire: pseudowire.name, timeslot: slot)
            }
        }
    }

    public subscript(cic: Int) -> Location? { locations[cic] }
}
