import CLinuxEvents
import Glibc
import Foundation
import MediaBridge
import MediaCodecs
import RTPWire

/// What leg B of every call speaks (leg A is always PCMA, as the TDM side of the gateway).
enum BenchMode: String, CaseIterable {
    case relay, opus, g729

    var legB: MediaLegCodec {
        switch self {
        case .relay: .pcma(telephoneEvent: nil)
        case .opus: MediaLegCodec(format: .opus(OpusSettings()), payloadType: RTPPayloadType(96))
        case .g729: MediaLegCodec(format: .g729(G729Parameters(annexB: false)), payloadType: .g729)
        }
    }

    var title: String {
        switch self {
        case .relay: "G.711 relay (PCMA↔PCMA)"
        case .opus: "G.711↔Opus (PCMA↔opus 48k)"
        case .g729: "G.711↔G.729 (PCMA↔G729)"
        }
    }
}

func raiseFileLimit() {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = limit.rlim_max
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

func monotonicNanoseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
}

/// utime + stime of a process in seconds and its VmRSS in KiB, from /proc.
struct ProcessSample: Sendable {
    var cpuSeconds: Double
    var rssKiB: Int

    /// Plain read(2) into a buffer: Foundation's file reading took tens of milliseconds on /proc here, long
    /// enough to stall the sender.
    static func contents(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 16384)
        var total = 0
        while total < buffer.count {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            guard count > 0 else { break }
            total += count
        }
        return String(decoding: buffer[0..<total], as: UTF8.self)
    }

    static func read(pid: Int32) -> ProcessSample? {
        guard let stat = contents("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")"),
            let status = contents("/proc/\(pid)/status")
        else { return nil }
        // Fields after "comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var rss = 0
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            rss = Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return ProcessSample(cpuSeconds: (utime + stime) / ticks, rssKiB: rss)
    }
}

/// 20 ms A-law frames of a speech-like signal (MediaCodecs.SyntheticSpeech).
func speechFrames(_ count: Int) -> [[UInt8]] { SyntheticSpeech.aLawFrames(count) }

// MARK: bencode (the ng protocol's framing)

indirect enum Bencode {
    case string(String)
    case integer(Int)
    case list([Bencode])
    case dictionary([(String, Bencode)])

    var encoded: [UInt8] {
        switch self {
        case .string(let text):
            let bytes = Array(text.utf8)
            return Array("\(bytes.count):".utf8) + bytes
        case .integer(let value): return Array("i\(value)e".utf8)
        case .list(let items): return [UInt8(ascii: "l")] + items.flatMap(\.encoded) + [UInt8(ascii: "e")]
        case .dictionary(let pairs):
            return [UInt8(ascii: "d")]
                + pairs.sorted { $0.0 < $1.0 }.flatMap { Bencode.string($0.0).encoded + $0.1.encoded }
                + [UInt8(ascii: "e")]
        }
    }

    /// Decodes one value at `index` (nil on malformed input).
    static func decode(_ bytes: [UInt8], _ index: inout Int) -> Bencode? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "i"):
            guard let end = bytes[index...].firstIndex(of: UInt8(ascii: "e")),
                let value = Int(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
            else { return nil }
            index = end + 1
            return .integer(value)
        case UInt8(ascii: "l"), UInt8(ascii: "d"):
            let isList = bytes[index] == UInt8(ascii: "l")
            index += 1
            var items: [Bencode] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "e") {
                guard let item = decode(bytes, &index) else { return nil }
                items.append(item)
            }
            index += 1
            if isList { return .list(items) }
            var pairs: [(String, Bencode)] = []
            for pair in stride(from: 0, to: items.count - 1, by: 2) {
                guard case .string(let key) = items[pair] else { return nil }
                pairs.append((key, items[pair + 1]))
            }
            return .dictionary(pairs)
        default:
            guard let colon = bytes[index...].firstIndex(of: UInt8(ascii: ":")),
                let length = Int(String(decoding: bytes[index..<colon], as: UTF8.self)),
                colon + 1 + length <= bytes.count
            else { return nil }
            index = colon + 1 + length
            return .string(String(decoding: bytes[(colon + 1)..<index], as: UTF8.self))
        }
    }

    subscript(key: String) -> String? {
        guard case .dictionary(let pairs) = self, let value = pairs.first(where: { $0.0 == key })?.1,
            case .string(let text) = value
        else { return nil }
        return text
    }
}

/// One UDP socket bound on 127.0.0.1 (port 0 = any), non-blocking unless told.
func udpSocket(port: UInt16 = 0, blocking: Bool = false) -> (fd: Int32, port: UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    precondition(fd >= 0, "socket: \(errno)")
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var size = 1 << 20
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int>.size))
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    precondition(bound == 0, "bind: \(errno)")
    if !blocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    var local = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &local) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, UInt16(bigEndian: local.sin_port))
}

func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

/// rtpengine's ng control protocol over UDP (cookie, space, bencoded dictionary).
struct NGClient {
    let fd: Int32
    let server: sockaddr_in
    var counter = 0

    init(port: Int) {
        fd = udpSocket(blocking: true).fd
        server = loopback(port: port)
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    mutating func request(_ message: Bencode) -> Bencode? {
        counter += 1
        let cookie = "c\(counter)_\(getpid())"
        let datagram = Array("\(cookie) ".utf8) + message.encoded
        for _ in 0..<3 {
            var destination = server
            _ = datagram.withUnsafeBytes { bytes in
                withUnsafePointer(to: &destination) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                let reply = Array(buffer[0..<count])
                guard let space = reply.firstIndex(of: UInt8(ascii: " ")),
                    String(decoding: reply[0..<space], as: UTF8.self) == cookie
                else { continue }
                var index = space + 1
                return Bencode.decode(reply, &index)
            }
        }
        return nil
    }
}

/// The audio port and the payload type named `encoding` in an SDP body.
func sdpMedia(_ sdp: String, encoding: String) -> (port: Int, payloadType: Int?)? {
    var port: Int?
    var payloadType: Int?
    for line in sdp.split(whereSeparator: \.isNewline) {
        if line.hasPrefix("m=audio ") { port = Int(line.split(separator: " ")[1]) }
        if line.hasPrefix("a=rtpmap:"), line.lowercased().contains(" \(encoding.lowercased())/") {
            payloadType = Int(line.dropFirst(9).split(separator: " ")[0])
        }
    }
    return port.map { ($0, payloadType) }
}
