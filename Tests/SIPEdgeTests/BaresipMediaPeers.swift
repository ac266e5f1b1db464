import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport

/// A headless baresip 1.0 for a media call: registers over UDP with digest through the edge, answers every call at
/// once (`answermode=auto`), sends `source` (a WAV file, `aufile`), dumps what it decodes to `snd_path`
/// (`sndfile`: `dump-<peer>-dec.wav`), traces SIP (`-s`) and takes commands (`menu`'s, such as `hangup`) and reports
/// events on `ctrl_tcp`. `net_interface 127.0.0.1` keeps its SDP on 127.0.0.1.
struct BaresipMediaPhone {
    let peer: EdgePeer
    let sipPort: Int
    let controlPort: Int
    let directory: URL

    static func start(
        user: String, password: String, edgePort: Int, source: [Int16], seconds: Int = 60
    ) throws -> BaresipMediaPhone {
        let directory = try EdgePeer.temporaryDirectory("baresip-media")
        let sipPort = Int(LoopbackPorts.freeTCPPort())
        // baresip also binds TLS on sipPort + 1.
        var controlPort = Int(LoopbackPorts.freeTCPPort())
        while abs(controlPort - sipPort) <= 1 { controlPort = Int(LoopbackPorts.freeTCPPort()) }
        let wav = directory.appendingPathComponent("source.wav")
        try WAVFile.encode(source, sampleRate: 8000).write(to: wav)
        let config = """
            module_path /usr/lib/baresip/modules
            sip_listen 127.0.0.1:\(sipPort)
            net_interface 127.0.0.1
            module account.so
            module menu.so
            module g711.so
            module aufile.so
            module aubridge.so
            module sndfile.so
            module ctrl_tcp.so
            ctrl_tcp_listen 127.0.0.1:\(controlPort)
            snd_path \(directory.path)
            audio_player aubridge,nil
            audio_source aufile,\(wav.path)
            rtp_stats yes

            """
        try config.write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let account = "<sip:\(user)@reroute.test;transport=udp>;auth_pass=\(password);"
            + "outbound=\"sip:127.0.0.1:\(edgePort);transport=udp\";regint=300;answermode=auto\n"
        try account.write(to: directory.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        let peer = try EdgePeer(
            "/usr/bin/stdbuf", ["-oL", "-eL", EdgePeer.baresip!, "-s", "-f", directory.path], seconds: seconds,
            directory: directory)
        return BaresipMediaPhone(peer: peer, sipPort: sipPort, controlPort: controlPort, directory: directory)
    }

    /// The samples of the `sndfile` dump of what baresip decoded, once the file holds at least `minimum` samples
    /// (bounded wait); nil without one.
    func decodedAudio(minimum: Int, seconds: Double = 10) async -> [Int16]? {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [Int16]?
        while Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            if let name = names.first(where: { $0.hasPrefix("dump-") && $0.hasSuffix("-dec.wav") }),
                let data = try? Data(contentsOf: directory.appendingPathComponent(name))
            {
                last = WAVFile.samples(Array(data))
                if let last, last.count >= minimum { return last }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return last
    }

    /// The SIP messages baresip traced (`-s`): each starts with "#", then "UDP <source> -> <destination>".
    var tracedMessages: [TracedSIPMessage] {
        peer.text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\u{1B}[36;1m#\n").dropFirst()
            .compactMap { TracedSIPMessage($0, phone: "127.0.0.1:\(sipPort)") }
    }

    /// Waits (bounded) until baresip's trace shows a message that satisfies `predicate`.
    func traced(seconds: Double = 10, _ predicate: (TracedSIPMessage) -> Bool) async -> TracedSIPMessage? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let found = tracedMessages.first(where: predicate) { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// baresip's RTP statistics printed when a call ends (`rtp_stats yes`): packets sent and received.
    func rtpStatistics(seconds: Double = 10) async -> (transmitted: Int, received: Int)? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = peer.text
            if let range = text.range(of: #"packets: +\d+ +\d+"#, options: .regularExpression) {
                let numbers = text[range].split(separator: " ").dropFirst().compactMap { Int($0) }
                if numbers.count == 2 { return (numbers[0], numbers[1]) }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

/// One SIP message from baresip's trace.
struct TracedSIPMessage {
    /// baresip sent it (else it received it).
    var sent: Bool
    var startLine: String
    var headers: [String]

    init?(_ chunk: String, phone: String) {
        let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 2, lines[0].hasPrefix("UDP ") else { return nil }
        sent = lines[0].dropFirst(4).hasPrefix(phone + " ->")
        startLine = lines[1]
        headers = Array(lines[2...].prefix { !$0.isEmpty })
    }

    /// The first value of header `name`.
    func header(_ name: String) -> String? {
        headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
            String($0.drop { $0 != ":" }.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
    }

    /// The method in CSeq.
    var cseqMethod: String? { header("CSeq")?.split(separator: " ").last.map(String.init) }

    var isBYE: Bool { startLine.hasPrefix("BYE ") }
    var isOKToBYE: Bool { startLine.hasPrefix("SIP/2.0 200") && cseqMethod == "BYE" }
}

/// Mono 16-bit PCM WAV (RIFF) writing and reading: enough for aufile's input and sndfile's dumps.
enum WAVFile {
    static func encode(_ samples: [Int16], sampleRate: UInt32) -> Data {
        var bytes: [UInt8] = []
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        let dataLength = UInt32(samples.count * 2)
        bytes.append(contentsOf: Array("RIFF".utf8))
        append32(36 + dataLength)
        bytes.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)  // PCM
        append16(1)  // mono
        append32(sampleRate)
        append32(sampleRate * 2)
        append16(2)
        append16(16)
        bytes.append(contentsOf: Array("data".utf8))
        append32(dataLength)
        for sample in samples { append16(UInt16(bitPattern: sample)) }
        return Data(bytes)
    }

    /// The first channel of a 16-bit PCM WAV; a `data` chunk whose length was never written (the writer still
    /// open) runs to the end of the file. Nil when it is not one.
    static func samples(_ bytes: [UInt8]) -> [Int16]? {
        func read32(_ at: Int) -> Int {
            Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        guard bytes.count >= 12, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WAVE".utf8)
        else { return nil }
        var offset = 12
        var channels = 1
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let length = read32(offset + 4)
            let body = offset + 8
            if id == "fmt ", body + 16 <= bytes.count {
                channels = max(1, Int(bytes[body + 2]) | Int(bytes[body + 3]) << 8)
                guard Int(bytes[body + 14]) | Int(bytes[body + 15]) << 8 == 16 else { return nil }
            }
            if id == "data" {
                let end = length == 0 || body + length > bytes.count ? bytes.count : body + length
                let frame = 2 * channels
                return stride(from: body, to: end - frame + 1, by: frame).map {
                    Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
                }
            }
            offset = body + length + (length & 1)
        }
        return nil
    }
}

/// G.711 companding (ITU-T G.711 §3 A-law, §4 µ-law), the classic segment-search form, so the test decodes what
/// baresip sends without the media modules.
enum G711 {
    static func encode(_ sample: Int16, aLaw: Bool) -> UInt8 { aLaw ? encodeA(sample) : encodeMu(sample) }
    static func decode(_ octet: UInt8, aLaw: Bool) -> Int16 { aLaw ? decodeA(octet) : decodeMu(octet) }

    private static func segment(_ value: Int, ends: [Int]) -> Int { ends.firstIndex { value <= $0 } ?? 8 }

    static func encodeA(_ sample: Int16) -> UInt8 {
        var pcm = Int(sample) >> 3
        var mask = 0xD5
        if pcm < 0 {
            mask = 0x55
            pcm = -pcm - 1
        }
        let seg = segment(pcm, ends: [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF])
        guard seg < 8 else { return UInt8(0x7F ^ mask) }
        let value = seg << 4 | (seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F)
        return UInt8(value ^ mask)
    }

    static func decodeA(_ octet: UInt8) -> Int16 {
        let value = Int(octet ^ 0x55)
        var t = (value & 0x0F) << 4
        let seg = (value & 0x70) >> 4
        switch seg {
        case 0: t += 8
        case 1: t += 0x108
        default:
            t += 0x108
            t <<= seg - 1
        }
        return Int16(value & 0x80 != 0 ? t : -t)
    }

    static func encodeMu(_ sample: Int16) -> UInt8 {
        var pcm = Int(sample) >> 2
        var mask = 0xFF
        if pcm < 0 {
            pcm = -pcm
            mask = 0x7F
        }
        pcm = min(pcm, 8159) + (0x84 >> 2)
        let seg = segment(pcm, ends: [0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF])
        guard seg < 8 else { return UInt8(0x7F ^ mask) }
        return UInt8((seg << 4 | (pcm >> (seg + 1)) & 0x0F) ^ mask)
    }

    static func decodeMu(_ octet: UInt8) -> Int16 {
        let value = Int(~octet)
        var t = ((value & 0x0F) << 3) + 0x84
        t <<= (value & 0x70) >> 4
        return Int16(value & 0x80 != 0 ? 0x84 - t : t - 0x84)
    }
}

/// One received RTP data packet (RFC 3550 §5.1), header fields read by hand.
struct ReceivedRTP: Sendable {
    var payloadType: UInt8
    var sequenceNumber: UInt16
    var timestamp: UInt32
    var ssrc: UInt32
    var payload: [UInt8]
    var datagram: ByteBuffer

    /// Nil for what is not RTP data: not version 2, too short, or RTCP multiplexed on the port (RFC 5761 §4:
    /// packet types 200–204 read as payload types 72–76).
    init?(_ datagram: ByteBuffer) {
        let bytes = Array(datagram.readableBytesView)
        guard bytes.count >= 12, bytes[0] >> 6 == 2, !(72...76).contains(bytes[1] & 0x7F) else { return nil }
        var header = 12 + 4 * Int(bytes[0] & 0x0F)
        if bytes[0] & 0x10 != 0, bytes.count >= header + 4 {
            header += 4 + 4 * (Int(bytes[header + 2]) << 8 | Int(bytes[header + 3]))
        }
        var end = bytes.count
        if bytes[0] & 0x20 != 0 { end -= Int(bytes[bytes.count - 1]) }
        guard header <= end else { return nil }
        payloadType = bytes[1] & 0x7F
        sequenceNumber = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        timestamp = bytes[4..<8].reduce(0) { $0 << 8 | UInt32($1) }
        ssrc = bytes[8..<12].reduce(0) { $0 << 8 | UInt32($1) }
        payload = Array(bytes[header..<end])
        self.datagram = datagram
    }

    static func encode(
        payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, payload: [UInt8]
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0x80))
        buffer.writeInteger(payloadType)
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(timestamp)
        buffer.writeInteger(ssrc)
        buffer.writeBytes(payload)
        return buffer
    }
}

/// The network side's RTP socket on 127.0.0.1: keeps every datagram it receives and sends a tone at 20 ms pace.
final class TestRTPSocket: Sendable {
    let channel: any Channel
    let received: NIOLockedValueBox<[(ByteBuffer, SocketAddress)]>
    private let sending = NIOLockedValueBox<RepeatedTask?>(nil)
    let sent = NIOLockedValueBox(0)

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let received: NIOLockedValueBox<[(ByteBuffer, SocketAddress)]>
        init(_ received: NIOLockedValueBox<[(ByteBuffer, SocketAddress)]>) { self.received = received }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            received.withLockedValue { $0.append((envelope.data, envelope.remoteAddress)) }
        }
    }

    init() async throws {
        let received = NIOLockedValueBox<[(ByteBuffer, SocketAddress)]>([])
        self.received = received
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_rcvbuf), value: 1 << 20)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(received))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var port: UInt16 { UInt16(channel.localAddress?.port ?? 0) }

    /// The RTP data packets received so far.
    var packets: [ReceivedRTP] { received.withLockedValue { $0 }.compactMap { ReceivedRTP($0.0) } }

    /// Sends `samples` G.711-encoded, 160 a packet every 20 ms from now, with `payloadType`, until `stop()`
    /// or the end of the samples.
    func play(_ samples: [Int16], aLaw: Bool, payloadType: UInt8, to address: SocketAddress) {
        let frames = stride(from: 0, to: samples.count - 159, by: 160).map {
            samples[$0..<$0 + 160].map { G711.encode($0, aLaw: aLaw) }
        }
        let channel = self.channel
        let sent = self.sent
        let task = channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { task in
            let index = sent.withLockedValue { count -> Int in
                defer { count += 1 }
                return count
            }
            guard index < frames.count else {
                task.cancel()
                return
            }
            let datagram = ReceivedRTP.encode(
                payloadType: payloadType, sequenceNumber: UInt16(truncatingIfNeeded: 1000 + index),
                timestamp: UInt32(160 * index), ssrc: 0x5EED_0700, payload: frames[index])
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: datagram), promise: nil)
        }
        sending.withLockedValue { $0 = task }
    }

    func stop() { sending.withLockedValue { $0?.cancel() } }

    func close() async {
        stop()
        try? await channel.close()
    }
}

/// A client of baresip's `ctrl_tcp` module: JSON objects in netstrings ("len:json,") both ways.
final class BaresipControl: Sendable {
    let channel: any Channel
    private let inbound: NIOLockedValueBox<[UInt8]>

    private final class Reader: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let inbound: NIOLockedValueBox<[UInt8]>
        init(_ inbound: NIOLockedValueBox<[UInt8]>) { self.inbound = inbound }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            inbound.withLockedValue { $0.append(contentsOf: buffer.readableBytesView) }
        }
    }

    /// Connects, retrying until baresip listens or `seconds` pass.
    static func connect(port: Int, seconds: Double = 10) async throws -> BaresipControl {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let inbound = NIOLockedValueBox<[UInt8]>([])
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.seconds(1))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(Reader(inbound))
                        }
                    }
                    .connect(host: "127.0.0.1", port: port).get()
                return BaresipControl(channel: channel, inbound: inbound)
            } catch {
                if Date() >= deadline { throw error }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private init(channel: any Channel, inbound: NIOLockedValueBox<[UInt8]>) {
        self.channel = channel
        self.inbound = inbound
    }

    /// Every complete netstring received so far, decoded as a JSON object.
    var messages: [[String: Any]] {
        let bytes = inbound.withLockedValue { $0 }
        var result: [[String: Any]] = []
        var index = 0
        while let colon = bytes[index...].firstIndex(of: UInt8(ascii: ":")),
            let length = Int(String(decoding: bytes[index..<colon], as: UTF8.self)),
            colon + 1 + length < bytes.count
        {
            let body = Data(bytes[(colon + 1)..<(colon + 1 + length)])
            if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] { result.append(object) }
            index = colon + 2 + length
        }
        return result
    }

    /// The `type`s of the events received so far (CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED, ...).
    var eventTypes: [String] {
        messages.filter { ($0["event"] as? Bool) == true }.compactMap { $0["type"] as? String }
    }

    func send(command: String, params: String = "", token: String) async throws {
        let json = "{\"command\":\"\(command)\",\"params\":\"\(params)\",\"token\":\"\(token)\"}"
        let frame = "\(json.utf8.count):\(json),"
        try await channel.writeAndFlush(ByteBuffer(string: frame))
    }

    /// Waits (bounded) for an event of `type`.
    func wait(forEvent type: String, seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if eventTypes.contains(type) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits (bounded) for the response to the command sent with `token`.
    func response(token: String, seconds: Double = 10) async -> [String: Any]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let found = messages.first { ($0["response"] as? Bool) == true && ($0["token"] as? String) == token }
            if let found { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    func close() async { try? await channel.close() }
}
