import ArgumentParser
import Foundation
import GatewayRuntime
import NIOCore
import NIOPosix
import RoutingAPI

extension GatewayCommand {
    /// The configuration file (if any) with the flags over it; one line and exit 2 on anything wrong.
    func makePlan() throws -> Plan {
        var plan = Plan(
            signalling: nil, routing: .disabled, sip: .disabled, media: .none, host: GatewayRoutingHost.Options())
        if let config {
            let text: String
            do {
                text = try String(contentsOfFile: config, encoding: .utf8)
            } catch {
                throw refuse("\(config): cannot read the file")
            }
            do {
                let parsed = try ConfigurationFile(text: text, path: config)
                if GatewayConfiguration.hasSignalling(parsed) {
                    let file = try GatewayConfiguration(file: parsed)
                    plan.signalling = file
                    plan.routing = file.routing
                    plan.sip = file.sip
                    plan.media = file.media
                    plan.host.smpp = file.smpp
                } else {
                    // No SS7 side: SIP (devices, soft-switch ingress) and the routing server only.
                    let side = try GatewayConfiguration.sipSide(file: parsed)
                    plan.routing = side.routing
                    plan.sip = side.sip
                    plan.media = side.media
                    plan.host.smpp = side.smpp
                }
            } catch {
                throw refuse("\(error)")
            }
        } else {
            // Loopback defaults (issue 5 item 8): the routing server here on a private PostgreSQL, its API on
            // 127.0.0.1:8080, SIP on 127.0.0.1:5060 with the gateway as the devices' registrar.
            plan.routing.mode = .inProcess
            plan.sip.mode = .fork
            plan.sip.registrar = GatewaySIPSettings.DeviceAccess()
            plan.host.http = ICRSListener(host: "127.0.0.1", port: 8080)
        }
        if let sip {
            let (host, port): (String, Int)
            do {
                (host, port) = try ICRSConfiguration.hostPort(sip)
            } catch {
                throw refuse("--sip \(error.message)")
            }
            if plan.sip.domain == plan.sip.listen { plan.sip.domain = host }
            if plan.sip.mediaAddress == plan.sip.listen { plan.sip.mediaAddress = host }
            plan.sip.mode = .fork
            plan.sip.listen = host
            plan.sip.port = port
            if plan.sip.registrar == nil { plan.sip.registrar = GatewaySIPSettings.DeviceAccess() }
        }
        for trunk in sipTrunks {
            guard GatewaySIPSettings.isTrunkAddress(trunk) else {
                throw refuse("--sip-trunk must be an IP address with an optional :port, not \"\(trunk)\"")
            }
            guard plan.sip.registrar != nil else {
                throw refuse("--sip-trunk needs the gateway as registrar (--sip, or [sip] registrar = on)")
            }
            plan.sip.registrar?.trunks.append(trunk)
        }
        let inProcessFlags = [("--database-url", databaseURL), ("--http", http), ("--sms-sink", smsSink)]
        if let icrsURL {
            if let (flag, _) = inProcessFlags.first(where: { $0.1 != nil }) {
                throw refuse("\(flag) is for the routing server in this process; --icrs-url names a remote one")
            }
            guard icrsURL.hasPrefix("http://") || icrsURL.hasPrefix("https://") else {
                throw refuse("--icrs-url must be an http:// or https:// URL, not \"\(icrsURL)\"")
            }
            plan.routing.mode = .http
            plan.routing.url = icrsURL
            plan.host.http = nil
        } else if plan.routing.mode == .none, sip != nil || inProcessFlags.contains(where: { $0.1 != nil }) {
            plan.routing.mode = .inProcess
        }
        if let http {
            do {
                let (host, port) = try ICRSConfiguration.hostPort(http)
                plan.host.http = ICRSListener(host: host, port: port)
            } catch {
                throw refuse("--http \(error.message)")
            }
        }
        if let refusal = plan.host.http?.refusal { throw refuse("--http: \(refusal)") }
        if let serviceToken {
            guard serviceToken.count >= 16 else { throw refuse("--service-token must have at least 16 characters") }
            plan.routing.serviceToken = serviceToken
        }
        if plan.routing.mode == .http, (plan.routing.serviceToken ?? "").isEmpty {
            throw refuse("a remote routing server needs --service-token (or [routing] service-token)")
        }
        plan.host.databaseURL = databaseURL
        plan.host.smsSink = smsSink
        if plan.routing.mode == .inProcess, plan.host.http != nil {
            if plan.routing.serviceToken == nil {
                let token = SecretText.random()
                plan.routing.serviceToken = token
                Self.logLine("icrs: service token \(token) (set one with --service-token)")
            }
            plan.host.serviceToken = plan.routing.serviceToken ?? ""
        }
        if let sipDomain {
            plan.sip.domain = sipDomain
        }
        if plan.sip.registrar != nil {
            guard plan.routing.mode != .none else {
                throw refuse(
                    "[sip] registrar = on needs the routing server's SIP logins: [routing] mode = in-process or http")
            }
            if plan.sip.port == 0, plan.sip.registrar?.tcp == true {
                do {
                    plan.sip.port = try SharedPort.pick(host: plan.sip.listen)
                } catch {
                    throw refuse("--sip \(plan.sip.listen):0: \(error)")
                }
            }
            plan.host.sipDomain = plan.sip.domain
            let host = plan.sip.listen.contains(":") ? "[\(plan.sip.listen)]" : plan.sip.listen
            plan.host.sipRegistrar = "sip:\(host):\(plan.sip.port)"
        }
        return plan
    }

    private func refuse(_ message: String) -> ExitCode {
        printError("reroute gateway: \(message)")
        return ExitCode(2)
    }
}

/// A port free for both UDP and TCP on `host` (for `--sip HOST:0`: SIP serves both on one port, RFC 3261 §18).
enum SharedPort {
    static func pick(host: String, attempts: Int = 20) throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        var lastError: (any Error)?
        for _ in 0..<attempts {
            do {
                let udp = try DatagramBootstrap(group: group).bind(host: host, port: 0).wait()
                defer { try? udp.close().wait() }
                guard let port = udp.localAddress?.port else { continue }
                let tcp = try ServerBootstrap(group: group).bind(host: host, port: port).wait()
                try? tcp.close().wait()
                return port
            } catch {
                lastError = error
            }
        }
        throw lastError ?? SharedPortError()
    }

    struct SharedPortError: Error, CustomStringConvertible {
        var description: String { "no port free for both UDP and TCP" }
    }
}
