import Foundation
import RerouteTestSupport

/// A throwaway self-signed certificate for 127.0.0.1 made by the openssl command (Debian `openssl`), as in
/// SIPTransportTests, in a temporary directory removed by `remove()`.
struct RegistrarTestCertificate {
    let directory: URL
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    var keyPath: String { directory.appendingPathComponent("key.pem").path }

    static func make() throws -> RegistrarTestCertificate {
        let directory = try PeerProcess.temporaryDirectory("registrar-tls")
        let certificate = RegistrarTestCertificate(directory: directory)
        let result = try ExternalTool.runBlocking("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", certificate.keyPath, "-out", certificate.certificatePath,
        ])
        guard result.status == 0 else { throw RFC4475RegistrarFailure(reason: "openssl req: \(result.output)") }
        return certificate
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A SIP UA written with Python's own `ssl` module and the `websockets` library (Debian python3-websockets):
/// registers with digest (RFC 7616, SHA-256 when offered first) over TLS, WS or WSS, prints `REGISTERED <local port>`,
/// answers nothing else, and closes its connection when told `close` on stdin.
final class SecureRegistrarPeer: @unchecked Sendable {
    static let python = "/usr/bin/python3"
    static let haveWebSockets = (try? ExternalTool.runBlocking(python, ["-c", "import websockets"]))?.status == 0

    static let script = #"""
        import asyncio, hashlib, re, ssl, sys, uuid
        mode, port, cafile, user, password, domain, keepalive = sys.argv[1:8]

        def request(cseq, via_transport, local, authorization=None):
            lines = [
                "REGISTER sip:%s SIP/2.0" % domain,
                "Via: SIP/2.0/%s %s;branch=z9hG4bK-%s;rport" % (via_transport, local, uuid.uuid4().hex),
                "Max-Forwards: 70",
                "From: <sip:%s@%s>;tag=py%d" % (user, domain, cseq),
                "To: <sip:%s@%s>" % (user, domain),
                "Call-ID: secure-%s@test" % mode,
                "CSeq: %d REGISTER" % cseq,
                "Contact: <sip:%s@%s;transport=%s>;+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-0000000%s>\""
                    % (user, local, via_transport.lower(), {"tls": "00001", "ws": "00002", "wss": "00003"}[mode]),
                "Expires: 600",
            ]
            if authorization:
                lines.append("Authorization: " + authorization)
            return "\r\n".join(lines + ["Content-Length: 0", "", ""])

        def answer(challenge_response, uri):
            challenges = re.findall(r"(?im)^WWW-Authenticate:\s*Digest (.*)$", challenge_response)
            params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenges[0].strip()))
            algorithm = params.get("algorithm", "MD5")
            h = (lambda s: hashlib.sha256(s.encode()).hexdigest()) if algorithm == "SHA-256" else \
                (lambda s: hashlib.md5(s.encode()).hexdigest())
            ha1 = h("%s:%s:%s" % (user, params["realm"], password))
            ha2 = h("REGISTER:%s" % uri)
            cnonce, nc = uuid.uuid4().hex[:16], "00000001"
            response = h("%s:%s:%s:%s:auth:%s" % (ha1, params["nonce"], nc, cnonce, ha2))
            return ('Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=%s, '
                    'qop=auth, nc=%s, cnonce="%s"' % (user, params["realm"], params["nonce"], uri, response,
                                                       algorithm, nc, cnonce)), algorithm

        async def read_stream(reader):
            head = await reader.readuntil(b"\r\n\r\n")
            while head in (b"\r\n\r\n",):
                head = await reader.readuntil(b"\r\n\r\n")
            text = head.decode().lstrip("\r\n")
            length = int((re.findall(r"(?im)^(?:Content-Length|l)\s*:\s*(\d+)", text) or ["0"])[0])
            if length:
                await reader.readexactly(length)
            return text

        async def main():
            context = ssl.create_default_context(cafile=cafile)
            if mode == "tls":
                reader, writer = await asyncio.open_connection("127.0.0.1", int(port), ssl=context)
                local = "127.0.0.1:%d" % writer.get_extra_info("sockname")[1]
                send = lambda text: (writer.write(text.encode()), writer.drain())[1]
                receive = lambda: read_stream(reader)
                close = writer.close
                transport = "TLS"
            else:
                import websockets
                scheme = "wss" if mode == "wss" else "ws"
                ws = await websockets.connect("%s://127.0.0.1:%s/" % (scheme, port), subprotocols=["sip"],
                                              ssl=context if mode == "wss" else None, open_timeout=10)
                local = "%s.invalid" % uuid.uuid4().hex[:8]
                send = ws.send
                receive = ws.recv
                close = ws.close
                transport = mode.upper()
                local_port = ws.local_address[1]
            await send(request(1, transport, local))
            first = await asyncio.wait_for(receive(), 10)
            print("FIRST", first.splitlines()[0], flush=True)
            authorization, algorithm = answer(first, "sip:%s" % domain)
            await send(request(2, transport, local, authorization))
            second = await asyncio.wait_for(receive(), 10)
            print("SECOND", second.splitlines()[0], algorithm, flush=True)
            port_used = writer.get_extra_info("sockname")[1] if mode == "tls" else local_port
            print("REGISTERED", port_used, flush=True)
            if mode == "tls" and keepalive == "keepalive":
                # RFC 5626 §3.5.1: show we speak CRLF keep-alives (ping), then answer the registrar's pings.
                async def pongs():
                    while True:
                        data = await reader.read(1000)
                        if not data:
                            return
                        if b"\r\n\r\n" in data:
                            writer.write(b"\r\n")
                            await writer.drain()
                            print("PINGED", flush=True)
                        elif data == b"\r\n":
                            print("PONG", flush=True)
                writer.write(b"\r\n\r\n")
                await writer.drain()
                asyncio.get_running_loop().create_task(pongs())
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            result = close()
            if asyncio.iscoroutine(result):
                await result
            print("CLOSED", flush=True)

        asyncio.run(main())
        """#

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var collected = Data()
    private let lock = NSLock()

    init(
        mode: String, port: Int, caFile: String, user: String, password: String, domain: String,
        keepalive: Bool = false
    ) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "--signal=KILL", "60", Self.python, "-c", Self.script, mode, "\(port)", caFile, user, password, domain,
            keepalive ? "keepalive" : "quiet",
        ]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// The local port the peer printed once registered, or nil when it did not get there within `seconds`.
    func registeredPort(within seconds: Double) async -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, process.isRunning || !text.isEmpty {
            // Complete lines only: "REGISTERED 543" read before its last digit would be another port.
            if let line = text.completeLines.first(where: { $0.hasPrefix("REGISTERED ") }) {
                return Int(line.dropFirst("REGISTERED ".count).trimmingCharacters(in: .whitespaces))
            }
            if !process.isRunning { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Tells the peer to close its connection, then waits (bounded) for it to exit.
    func closeConnection() async {
        input.fileHandleForWriting.write(Data("close\n".utf8))
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.terminate() }
        output.fileHandleForReading.readabilityHandler = nil
    }
}
