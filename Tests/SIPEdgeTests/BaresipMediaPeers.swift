import AudioFileWire
import Foundation
import MediaCodecs
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RTPWire
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

    /// `transport` is the account's (`udp`, or `tls` with `caFile` to trust the edge's certificate); `mediaenc`
    /// names a media encryption (`srtp-mand`: SDES SRTP or nothing, with `srtp.so`); `autoAnswer` false leaves
    /// calls ringing (`answermode=manual`).
    static func start(
        user: String, password: String, edgePort: Int, source: [Int16], seconds: Int = 60, transport: String = "udp",
        caFile: String? = nil, mediaenc: String? = nil, autoAnswer: Bool = true
    ) throws -> BaresipMediaPhone {
        let directory = try EdgePeer.temporaryDirectory("baresip-media")
        let sipPort = Int(LoopbackPorts.freeTCPPort())
        // baresip also binds TLS on sipPort + 1.
        var controlPort = Int(LoopbackPorts.freeTCPPort())
        while abs(controlPort - sipPort) <= 1 { controlPort = Int(LoopbackPorts.freeTCPPort()) }
        let wav = directory.appendingPathComponent("source.wav")
        try Data(WAVAudio(pcm16: source, sampleRate: 8000).encoded()).write(to: wav)
        let config = """
            module_path /usr/lib/baresip/modules
            sip_listen 127.0.0.1:\(sipPort)
            net_interface 127.0.0.1
            \(mediaenc == nil ? "" : "module srtp.so")
            \(caFile.map { "sip_cafile \($0)" } ?? "")
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
        let account = "<sip:\(user)@reroute.test;transport=\(transport)>;auth_pass=\(password);"
            + "outbound=\"sip:127.0.0.1:\(edgePort);transport=\(transport)\";regint=300;"
            + "answermode=\(autoAnswer ? "auto" : "manual")" + (mediaenc.map { ";mediaenc=\($0)" } ?? "") + "\n"
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
                // sndfile writes the data length only when it closes the file; WAVAudio reads an open one to its end.
                last = (try? WAVAudio(decoding: data))?.pcm16Samples
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
    /// The lines after the header block (an SDP body, as traced).
    var body: [String]

    init?(_ chunk: String, phone: String) {
        let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 2, lines[0].hasPrefix("UDP ") || lines[0].hasPrefix("TLS ") else { return nil }
        sent = lines[0].dropFirst(4).hasPrefix(phone + " ->")
        body = Array(lines[2...].drop { !$0.isEmpty }.dropFirst())
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
