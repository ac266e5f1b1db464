import Foundation

/// One of the demo subscriber's devices, played by sipp (Debian sip-tester): a registering side (REGISTER with MD5
/// digest against Reroute's registrar, Contact = the device's call port) and, per call, a UAS on the call port
/// with that call's behaviour. sipp's message trace gives the SIP half of each call's ladder.
final class DemoDevice: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    enum Behaviour: Sendable {
        /// 180, 200 after `ringMilliseconds`, then our BYE.
        case answer(ringMilliseconds: Int)
        /// 180 until a CANCEL whose Reason matches `reason` (RFC 3326), 487.
        case ringUntilCancelled(reason: String)
    }

    static let executable: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/sipp" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    let name: String
    let username: String
    let password: String
    let callPort: Int
    let directory: URL
    /// The RTP port in the device's SDP answer (sipp's `[media_port]`).
    var mediaPort: Int { callPort + 10_000 }
    private var processes: [Process] = []

    init(name: String, username: String, password: String, callPort: Int, directory: URL) throws {
        guard Self.executable != nil else { throw Failure(description: "sipp is not installed (Debian sip-tester)") }
        self.name = name
        self.username = username
        self.password = password
        self.callPort = callPort
        self.directory = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    /// REGISTER (digest) with `expires`; returns sipp's exit status (0: the registrar said 200).
    func register(registrar: Int, domain: String, expires: Int) async throws -> Int32 {
        let scenario = DemoScenarios.register(domain: domain, contactPort: callPort, expires: expires)
        return try await run(
            scenario, name: expires == 0 ? "unregister" : "register",
            // RFC 3261 §10.2.4/§10.2.2: the refresh and the unregister keep the device's one Call-ID.
            arguments: ["127.0.0.1:\(registrar)", "-s", username, "-au", username, "-ap", password,
                "-cid_str", "reg-\(username)@demo", "-p", "\(callPort + 1)"], seconds: 10)
    }

    /// Starts the UAS for one call; `finish()` waits for it.
    func expect(_ behaviour: Behaviour, call: Int) throws -> RunningUAS {
        let scenario: String
        switch behaviour {
        case .answer(let ring): scenario = DemoScenarios.answer(ringMilliseconds: ring)
        case .ringUntilCancelled(let reason): scenario = DemoScenarios.ringUntilCancelled(reason: reason)
        }
        // An answering device echoes the RTP it gets back to its sender (sipp -rtp_echo on the SDP's media port):
        // the caller hears their own voice through the whole path, E1 → RTP → device → RTP → E1.
        var arguments = ["-p", "\(callPort)", "-mp", "\(mediaPort)"]
        if case .answer = behaviour { arguments.append("-rtp_echo") }
        let process = try start(scenario, name: "call\(call)", arguments: arguments, seconds: 40)
        return RunningUAS(process: process, trace: directory.appendingPathComponent("call\(call)-messages.log"))
    }

    struct RunningUAS: @unchecked Sendable {
        let process: Process
        let trace: URL

        func finish(within seconds: Double = 30) async -> Int32 {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning {
                process.terminate()
                return -1
            }
            return process.terminationStatus
        }

        /// The SIP messages sipp saw, for the ladder and the call's pcap.
        var messages: [DemoScenarios.TraceMessage] { DemoScenarios.parseTrace(trace) }
    }

    private func start(_ scenario: String, name: String, arguments: [String], seconds: Int) throws -> Process {
        let file = directory.appendingPathComponent("\(name).xml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.currentDirectoryURL = directory
        process.arguments = ["--signal=KILL", "\(seconds)", Self.executable!, "-sf", file.path, "-i", "127.0.0.1",
            "-t", "u1", "-m", "1", "-nostdin", "-timeout", "\(seconds - 5)s", "-timeout_error",
            "-trace_msg", "-message_file", directory.appendingPathComponent("\(name)-messages.log").path,
            "-trace_err", "-error_file", directory.appendingPathComponent("\(name)-errors.log").path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        processes.append(process)
        return process
    }

    private func run(_ scenario: String, name: String, arguments: [String], seconds: Int) async throws -> Int32 {
        let process = try start(scenario, name: name, arguments: arguments, seconds: seconds)
        let deadline = Date().addingTimeInterval(Double(seconds))
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? -1 : process.terminationStatus
    }

    func errors(_ name: String) -> String {
        let text = (try? String(contentsOf: directory.appendingPathComponent("\(name)-errors.log"), encoding: .utf8))
        return String((text ?? "").suffix(600))
    }

    func stop() {
        for process in processes where process.isRunning { process.terminate() }
    }
}

/// The sipp scenarios of the demo's devices (RFC 3261 UAC/UAS behaviour; `[last_*]` echo the request).
enum DemoScenarios {
    static func wrap(_ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<scenario name=\"device\">\n\(body)\n</scenario>\n"
    }

    static func register(domain: String, contactPort: Int, expires: Int) -> String {
        func request(cseq: Int, authenticated: Bool) -> String {
            """
              <send retrans="500">
                <![CDATA[
                  REGISTER sip:\(domain) SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                  From: <sip:[service]@\(domain)>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@\(domain)>
                  Call-ID: [call_id]
                  CSeq: \(cseq) REGISTER
                  Contact: <sip:[service]@[local_ip]:\(contactPort)>
                  Expires: \(expires)
                  Max-Forwards: 70
                  \(authenticated ? "[authentication]" : "")
                  Content-Length: 0

                ]]>
              </send>
            """
        }
        // RFC 3261 §10.2.4/§10.2.2: one Call-ID per device; the unregister continues its CSeq.
        let first = expires == 0 ? 3 : 1
        return wrap(
            request(cseq: first, authenticated: false) + "\n  <recv response=\"401\" auth=\"true\" />\n"
                + request(cseq: first + 1, authenticated: true) + "\n  <recv response=\"200\" />\n")
    }

    static let answerSDP = """
        v=0
        o=device 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio [media_port] RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        """

    /// A response to the last request; `tag`: add our To tag (a dialog-creating or out-of-dialog request: INVITE,
    /// CANCEL), not for in-dialog requests whose To already has it (BYE).
    static func response(_ status: String, sdp: Bool = false, cseq: String? = nil, tag: Bool = true) -> String {
        let retransmit = status.hasPrefix("2") && sdp ? " retrans=\"500\"" : ""
        return """
              <send\(retransmit)>
                <![CDATA[
                  SIP/2.0 \(status)
                  [last_Via:]
                  [last_From:]
                  [last_To:]\(tag ? ";tag=[pid]SIPpTag01[call_number]" : "")
                  [last_Call-ID:]
                  \(cseq.map { "CSeq: \($0)" } ?? "[last_CSeq:]")
                  Contact: <sip:device@[local_ip]:[local_port]>
                  \(sdp ? "Content-Type: application/sdp\n" : "")Content-Length: [len]

            \(sdp ? answerSDP : "")
                ]]>
              </send>
            """
    }

    static func answer(ringMilliseconds: Int) -> String {
        wrap("""
              <recv request="INVITE" />
            \(response("180 Ringing"))
              <pause milliseconds="\(ringMilliseconds)" />
            \(response("200 OK", sdp: true))
              <recv request="ACK" />
              <recv request="BYE" />
            \(response("200 OK", tag: false))
            """)
    }

    static func ringUntilCancelled(reason: String) -> String {
        wrap("""
              <recv request="INVITE">
                <action>
                  <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="cseq" />
                </action>
              </recv>
            \(response("180 Ringing"))
              <recv request="CANCEL">
                <action>
                  <ereg regexp="\(reason)" search_in="hdr" header="Reason:" check_it="true" assign_to="r" />
                </action>
              </recv>
              <Reference variables="r" />
            \(response("200 OK"))
            \(response("487 Request Terminated", cseq: "[$cseq] INVITE"))
              <recv request="ACK" />
            """)
    }

    /// One message of sipp's `-trace_msg` file.
    struct TraceMessage {
        var time: Date
        /// Received by the device (sent by Reroute).
        var toDevice: Bool
        /// The start line.
        var firstLine: String
        /// The message as on the wire: CRLF line ends, the body cut at its Content-Length.
        var bytes: [UInt8]
    }

    /// sipp's `-trace_msg` file: blocks starting `----- YYYY-MM-DD HH:MM:SS.ffffff`, then `UDP message
    /// received|sent …`, a blank line and the message.
    static func parseTrace(_ url: URL) -> [TraceMessage] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
        // Split on every line end: in a Swift String "\r\n" is one Character, so splitting on "\n" alone keeps
        // a CRLF-framed SIP message in one piece.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var starts: [(index: Int, date: Date)] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("-----") {
            guard let stamp = line.split(separator: " ", maxSplits: 1).last,
                let date = formatter.date(from: String(stamp).trimmingCharacters(in: .whitespaces))
            else { continue }
            starts.append((index, date))
        }
        var result: [TraceMessage] = []
        for (position, start) in starts.enumerated() {
            let end = position + 1 < starts.count ? starts[position + 1].index : lines.count
            guard start.index + 2 < end else { continue }
            let toDevice = lines[start.index + 1].contains("received")
            var body = Array(lines[(start.index + 2)..<end])
            while body.first?.isEmpty == true { body.removeFirst() }
            guard let first = body.first else { continue }
            result.append(TraceMessage(
                time: start.date, toDevice: toDevice, firstLine: first, bytes: wireBytes(body)))
        }
        return result
    }

    /// The header lines, the blank line, and Content-Length bytes of body (sipp pads its log with blank lines).
    private static func wireBytes(_ lines: [String]) -> [UInt8] {
        guard let blank = lines.firstIndex(of: "") else { return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) }
        let head = lines[..<blank].joined(separator: "\r\n") + "\r\n\r\n"
        let length = lines[..<blank].lazy.compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["content-length", "l"].contains(parts[0].lowercased().trimmingCharacters(in: .whitespaces))
            else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first ?? 0
        let body = Array(lines[(blank + 1)...].joined(separator: "\r\n").utf8)
        return Array(head.utf8) + Array(body.prefix(length))
    }
}
