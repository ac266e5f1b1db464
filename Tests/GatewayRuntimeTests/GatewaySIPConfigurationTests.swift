import GatewayRuntime
import Interworking
import MediaBridge
import SIPRegistrar
import Testing

@Suite("Gateway configuration: [sip]")
struct GatewaySIPConfigurationTests {
    private func configuration(_ sip: String) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration(file: ConfigurationFile(
            text: "[isup]\npoint-code = 2\npeer-point-code = 1\n[sip]\n" + sip, path: "gw.conf"))
    }

    @Test("No [sip]: mode none; defaults ring-timeout 25 s (issue 7) and early ACM 15 s (Q.764 Annex A T11)")
    func absent() throws {
        let plain = try GatewayConfiguration(file: ConfigurationFile(
            text: "[isup]\npoint-code = 2\npeer-point-code = 1\n", path: "gw.conf"))
        #expect(plain.sip.mode == .none)
        #expect(plain.sip.ringTimeout == .seconds(25))
        #expect(plain.sip.control.earlyAddressComplete == .seconds(15))
    }

    @Test("mode = fork with address, domain, timers and the RTP port range")
    func fork() throws {
        let sip = try configuration("""
            mode = fork
            listen = 127.0.0.1
            port = 5070
            domain = reroute.example
            ring-timeout = 30
            early-acm = 0
            media-address = 127.0.0.2
            rtp-ports = 41000-41999
            """).sip
        #expect(sip.mode == .fork)
        #expect(sip.port == 5070)
        #expect(sip.domain == "reroute.example")
        #expect(sip.ringTimeout == .seconds(30))
        #expect(sip.control.earlyAddressComplete == nil)
        #expect(sip.mediaAddress == "127.0.0.2")
        #expect(sip.rtpPorts == 41000...41999)
        #expect(sip.control.unanswered == .release)
        #expect(try configuration("unanswered = voicemail\n").sip.control.unanswered == .voicemail)
    }

    @Test("registrar = on: the devices register here — TCP on the UDP port by default, TLS/WS/WSS ports, keep-alive bound (issue 5 items 2 and 8), digest MD5 unless listed (RFC 7616 §3.7)")
    func registrar() throws {
        #expect(try configuration("mode = fork\n").sip.registrar == nil)
        let access = try #require(try configuration("mode = fork\nregistrar = on\n").sip.registrar)
        #expect(access.tcp && access.tlsPort == nil && access.webSocketPort == nil)
        #expect(access.keepalive == .seconds(40))
        #expect(access.algorithms == [.md5])
        let full = try #require(try configuration("""
            mode = fork
            registrar = on
            tcp = off
            tls-port = 5061
            ws-port = 8088
            wss-port = 8089
            tls-certificate = /etc/reroute/sip.pem
            tls-key = /etc/reroute/sip.key
            keepalive = 20
            digest = SHA-256, md5
            push-url = https://push.example/v1/wake
            push-token = t0ken
            push-wait = 15
            """).sip.registrar)
        #expect(!full.tcp)
        #expect(full.tlsPort == 5061 && full.webSocketPort == 8088 && full.secureWebSocketPort == 8089)
        #expect(full.certificate == "/etc/reroute/sip.pem" && full.privateKey == "/etc/reroute/sip.key")
        #expect(full.keepalive == .seconds(20))
        #expect(full.algorithms == [.sha256, .md5])
        #expect(full.pushURL == "https://push.example/v1/wake" && full.pushToken == "t0ken")
        #expect(full.pushWait == .seconds(15))
    }

    @Test("Bad [sip] values: one line naming the file, the line and the key", arguments: [
        ("mode = ring\n", "gw.conf:5:", "mode"),
        ("port = 70000\n", "gw.conf:5:", "port"),
        ("ring-timeout = 0.5\n", "gw.conf:5:", "ring-timeout"),
        ("early-acm = 25\n", "gw.conf:5:", "early-acm"),
        ("rtp-ports = 40000\n", "gw.conf:5:", "rtp-ports"),
        ("rtp-ports = 50000-40000\n", "gw.conf:5:", "rtp-ports"),
        ("color = blue\n", "gw.conf:5:", "color"),
        ("unanswered = ring\n", "gw.conf:5:", "unanswered"),
        ("registrar = yes\n", "gw.conf:5:", "registrar"),
        ("tls-port = 5061\n", "gw.conf:5:", "tls-port needs registrar = on"),
        ("registrar = on\ntls-port = 5061\n", "gw.conf:6:", "tls-port needs tls-certificate"),
        ("registrar = on\nkeepalive = 90\n", "gw.conf:6:", "keepalive"),
        ("registrar = on\ndigest = SHA-512\n", "gw.conf:6:", "digest"),
        ("registrar = on\ndigest = MD5, MD5\n", "gw.conf:6:", "digest"),
        ("registrar = on\npush-wait = 5\n", "gw.conf:6:", "push-wait needs push-url"),
        ("registrar = on\npush-url = ftp://push\n", "gw.conf:6:", "push-url"),
        ("registrar = on\npush-url = https://push\npush-wait = 90\n", "gw.conf:7:", "push-wait"),
    ])
    func bad(text: String, prefix: String, key: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try configuration(text) }
        #expect("\(error)".hasPrefix(prefix), "\(error)")
        #expect("\(error)".contains(key), "\(error)")
        #expect(!"\(error)".contains("\n"))
    }
}

@Suite("Gateway configuration: [media]")
struct GatewayMediaConfigurationTests {
    private func configuration(_ media: String) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration(file: ConfigurationFile(
            text: "[isup]\npoint-code = 2\npeer-point-code = 1\n[media]\n" + media, path: "gw.conf"))
    }

    @Test("RFC 5086 pseudowires in [media], in file order; CIC n = timeslot n + cic-offset; none: no media bridge")
    func pseudowires() throws {
        let plain = try GatewayConfiguration(file: ConfigurationFile(
            text: "[isup]\npoint-code = 2\npeer-point-code = 1\n", path: "gw.conf"))
        #expect(!plain.media.enabled)
        let media = try configuration("""
            pseudowire e1b = udp 127.0.0.1:5004 -> 127.0.0.1:5006 timeslots 1-31 cic-offset 32
            pseudowire e1a = udp 127.0.0.1:5000 -> 127.0.0.1:5002 timeslots 1-15,17-31 frames 16 depth 2
            """).media
        #expect(media.enabled)
        #expect(media.pseudowires.map(\.name) == ["e1b", "e1a"])
        #expect(media.pseudowires[1].framesPerPacket == 16 && media.pseudowires[1].jitterDepth == 2)
        #expect(media.pseudowires[0].circuits[33] == 1)
        #expect(media.echoTail == 1024)
        #expect(try configuration("echo-tail = 0\n").media.echoTail == nil)
        #expect(try configuration("echo-tail = 64\n").media.echoTail == 512)
        #expect(media.prompts == "conf/prompts")
        #expect(try configuration("prompts = /srv/prompts\n").media.prompts == "/srv/prompts")
    }

    @Test("Bad [media] lines: one line naming the file, the line and the problem", arguments: [
        ("pseudowire e1 = udp 127.0.0.1 -> 127.0.0.1:5002 timeslots 1-31\n", "gw.conf:5:", "bad local address"),
        ("pseudowire e1 = udp 127.0.0.1:1 -> 127.0.0.1:2 timeslots 0-31\n", "gw.conf:5:", "timeslot"),
        ("pseudowire e1 = udp 127.0.0.1:1 -> 127.0.0.1:2 timeslots 1-3 speed 9\n", "gw.conf:5:", "unknown option"),
        ("pseudowires = 1\n", "gw.conf:5:", "pseudowires"),
        ("echo-tail = 600\n", "gw.conf:5:", "echo-tail"),
    ])
    func bad(line: String, location: String, mentions: String) {
        #expect {
            try configuration(line)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(location) && text.contains(mentions) && !text.contains("\n")
        }
    }

    @Test("Two pseudowires claiming one CIC are refused (Q.763 §1.2: one circuit, one timeslot)")
    func overlappingCircuits() {
        #expect(throws: ConfigurationError.self) {
            try configuration("""
                pseudowire a = udp 127.0.0.1:5000 -> 127.0.0.1:5002 timeslots 1-31
                pseudowire b = udp 127.0.0.1:5004 -> 127.0.0.1:5006 timeslots 1-31
                """)
        }
    }
}

@Suite("Gateway configuration: a file without the SS7 side")
struct GatewaySIPSideConfigurationTests {
    @Test("No [sigtran] or [isup]: the SIP side, routing and media sections are read with their usual checks")
    func sipSideOnly() throws {
        let file = try ConfigurationFile(
            text: """
                [routing]
                mode = in-process
                country-code = 44
                voicemail-directory = /var/lib/reroute/vm
                [sip]
                registrar = on
                trunks = 192.0.2.10:5060
                unanswered = voicemail
                [media]
                prompts = /opt/reroute/prompts
                """, path: "gw.conf")
        #expect(!GatewayConfiguration.hasSignalling(file))
        let side = try GatewayConfiguration.sipSide(file: file)
        #expect(side.routing.voicemailDirectory == "/var/lib/reroute/vm")
        #expect(side.sip.registrar?.trunks == ["192.0.2.10:5060"])
        #expect(side.sip.control.unanswered == .voicemail)
        #expect(side.media.prompts == "/opt/reroute/prompts")
        #expect(GatewayConfiguration.hasSignalling(try ConfigurationFile(text: "[isup]\npoint-code = 2\n", path: "x")))
    }

    @Test("A key of another section, or an unknown one, is refused with its file and line")
    func unknownKeysRefused() throws {
        let file = try ConfigurationFile(text: "[sip]\nregistrar = on\nwhatever = 1\n", path: "gw.conf")
        #expect(throws: ConfigurationError.self) { try GatewayConfiguration.sipSide(file: file) }
        do {
            _ = try GatewayConfiguration.sipSide(file: file)
        } catch {
            #expect(error.description.contains("gw.conf"), "\(error)")
            #expect(error.description.contains("whatever"), "\(error)")
        }
    }
}
