// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The media path runs a 1 ms pseudowire period: its modules are optimised in debug builds too, so that the tests'
/// loopback calls keep the E1's cadence on a loaded 2-core machine (a debug build of the period's work lost up to a
/// quarter of its periods beside the rest of the test suite).
let realtime: [SwiftSetting] = strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let nioConcurrencyHelpers: Target.Dependency = .product(name: "NIOConcurrencyHelpers", package: "swift-nio")
let postgresNIO: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let cryptoExtras: Target.Dependency = .product(name: "_CryptoExtras", package: "swift-crypto")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")

let package = Package(
    name: "Reroute",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "reroute", targets: ["reroute"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The carrier provisioning-platform adapter's HTTP(S) client.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The ICRS HTTP API; swift-configuration support is not used (our INI files are read by GatewayRuntime).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Layer 0: vocabulary and byte helpers.
        .target(name: "TelecomTypes", swiftSettings: strict),
        .target(name: "WireSupport", dependencies: [nioCore], swiftSettings: strict),

        // Layer 1: wire codecs (bytes <-> typed values; no I/O, no clock).
        .target(name: "PCAPWire", dependencies: ["WireSupport", nioCore], swiftSettings: strict),
        .target(name: "SCTPWire", dependencies: ["WireSupport", nioCore], swiftSettings: strict),
        .target(name: "MTPWire", dependencies: ["WireSupport", "TelecomTypes", nioCore], swiftSettings: strict),
        .target(name: "M3UAWire", dependencies: ["WireSupport", "TelecomTypes", nioCore], swiftSettings: strict),
        .target(name: "ISUPWire", dependencies: ["WireSupport", "TelecomTypes", nioCore], swiftSettings: strict),
        .target(name: "SIPWire", dependencies: [nioCore], swiftSettings: strict),
        .target(name: "SMPPWire", dependencies: ["WireSupport", nioCore], swiftSettings: strict),

        // C libraries (system library targets: module maps only).
        .systemLibrary(name: "CUsrSCTP", pkgConfig: "usrsctp", providers: [.apt(["libusrsctp-dev"])]),
        // Kernel SCTP behind plain C types: lksctp and usrsctp headers clash inside one Swift module.
        .target(name: "CSIGTRANShims", linkerSettings: [.linkedLibrary("sctp")]),

        // Layer 2: protocol state machines (typed values and timer expiries in, actions out).
        .target(name: "M3UAProtocol", dependencies: ["M3UAWire", "TelecomTypes", nioCore], swiftSettings: strict),
        .target(name: "ISUPProtocol", dependencies: ["ISUPWire", "TelecomTypes", nioCore], swiftSettings: strict),
        .target(name: "SIPTransactions", dependencies: ["SIPWire", nioCore], swiftSettings: strict),

        // Layer 2: the ESME side of an SMPP 3.4 session (bind, window, enquire_link, reconnect) as a pure machine.
        .target(name: "SMPPProtocol", dependencies: ["SMPPWire", nioCore], swiftSettings: strict),

        // Layer 2: capture dissection pipeline (pure: frames in, decoded signalling records out).
        .target(
            name: "SignallingCapture",
            dependencies: ["PCAPWire", "SCTPWire", "MTPWire", "M3UAWire", "ISUPWire", "TelecomTypes", nioCore],
            swiftSettings: strict
        ),

        // Layer 2: routing server (ICRS) domain rules (pure: time, randomness and ids passed in).
        .target(name: "RoutingCore", dependencies: [crypto, cryptoExtras], swiftSettings: strict),

        // Layer 3: routing server storage (PostgreSQL) and the use cases the HTTP API calls.
        .target(
            name: "RoutingStore",
            dependencies: ["RoutingCore", postgresNIO, logging, nioCore, nioPosix],
            swiftSettings: strict
        ),
        .target(
            name: "RoutingService",
            dependencies: [
                "RoutingCore", "RoutingStore", "SMSFileSink", crypto, postgresNIO, logging, "VoicemailStore",
                "AudioFileWire",
            ],
            swiftSettings: strict
        ),

        // Layer 3: the routing server's outside links (SMPP SMSC, carrier provisioning platforms) as its effects.
        .target(
            name: "RoutingAdapters",
            dependencies: [
                "RoutingCore", "RoutingService", "SMPPClient", "ProvisioningClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "SIPRegistrarService", "SIPRegistrar", "SIPTransactions", "SIPWire", "SIPEdge", "RoutingClient",
            ],
            swiftSettings: strict
        ),

        // Layer 3: the gateway's ISUP side on a virtual clock, fed from a capture (`reroute replay`).
        .target(
            name: "GatewayReplay",
            dependencies: [
                "ISUPProtocol", "ISUPWire", "M3UAWire", "PCAPWire", "SignallingCapture", "TelecomTypes", nioCore,
            ],
            swiftSettings: strict
        ),

        // Layer 3: shells (sockets, timers).
        .target(
            name: "SIGTRANTransport",
            dependencies: ["CUsrSCTP", "CSIGTRANShims", "M3UAWire", nioCore, nioPosix, nioConcurrencyHelpers],
            swiftSettings: strict
        ),

        // Layer 3: the routing server's outside links — SMSC (SMPP), its file stand-in, the provisioning platform.
        .target(
            name: "SMPPClient",
            dependencies: ["SMPPProtocol", "SMPPWire", nioCore, nioPosix],
            swiftSettings: strict
        ),
        .target(name: "SMSFileSink", swiftSettings: strict),
        .target(name: "AudioFileWire", swiftSettings: strict),
        .target(name: "VoicemailProtocol", swiftSettings: strict),
        .target(
            name: "PushNotifier",
            dependencies: [
                "RoutingCore", .product(name: "AsyncHTTPClient", package: "async-http-client"), nioCore,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ProvisioningClient",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"), nioCore,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Layer 3: the routing server's HTTP API (ICRS), over the RoutingService application service.
        .target(
            name: "RoutingAPI",
            dependencies: [
                "RoutingService", "RoutingCore", "RoutingStore", crypto, logging, nioCore,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        .target(
            name: "SIPTransport",
            dependencies: [
                "SIPWire", nioCore, nioPosix, nioConcurrencyHelpers, .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),

        .target(
            name: "GatewayRuntime",
            dependencies: [
                "GatewayReplay", "SIGTRANTransport", "M3UAProtocol", "M3UAWire", "ISUPProtocol", "ISUPWire",
                "TelecomTypes", nioCore, nioPosix,
                "Interworking", "RoutingClient", "RoutingCore", "RoutingService", "SIPCallService", "SIPForking", "SDPWire",
                "SIPTransactions", "SIPWire", "MediaBridge", "MediaBridgeService", "MediaCodecs", "RTPWire",
                "SDPNegotiation", "VoicemailProtocol", "AudioFileWire", "SIPEdge", "SIPRegistrarService", "SIPRegistrar",
                "SIPTransport", "VoicemailStore", "PushNotifier", "SMPPClient", "CodecPolicy", "MediaSessions", "MediaSecurity", "MediaTransport",
                logging,
            ],
            swiftSettings: strict
        ),

        // MARK: icrs-gateway
        // Layer 2: interworking — what an incoming IAM means for Reroute (subscriber number, loop, validation call).
        .target(name: "Interworking", dependencies: ["ISUPWire", "TelecomTypes", "RoutingCore"], swiftSettings: strict),
        // Layer 3: the gateway's questions to the routing server (`CallRouting`) and their HTTP implementation.
        .target(
            name: "RoutingClient",
            dependencies: [
                "RoutingCore", nioCore, .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InterworkingTests",
            dependencies: ["Interworking", "ISUPWire", "TelecomTypes", "RoutingCore", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        // MARK: end icrs-gateway

        // Layer 4: the executable and benchmarks.
        .executableTarget(
            name: "reroute",
            dependencies: [
                "SignallingCapture", "GatewayReplay", "GatewayRuntime", "SIGTRANTransport", "PCAPWire", "TelecomTypes",
                "RoutingCore", "RoutingStore", "RoutingService", "VoicemailStore", "PushNotifier",
                "RoutingAPI", "RoutingAdapters", "SMPPClient", postgresNIO, logging,
                "RoutingClient", "Interworking", "SIPRegistrar", "SIPRegistrarService", "SIPTransport", "SIPEdge", "MediaBridge", "MediaBridgeService", "MediaTransport", "MediaCodecs",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                nioCore, nioPosix, nioConcurrencyHelpers,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "reroute-bench",
            dependencies: ["SignallingCapture", "PCAPWire", "M3UAWire", "ISUPWire", "TelecomTypes", nioCore],
            path: "Benchmarks/reroute-bench",
            swiftSettings: strict
        ),

        // Benchmark peer (not a test): Reroute's registrar for `scripts/benchmark-sip.sh` (against Kamailio).
        .executableTarget(
            name: "sip-bench",
            dependencies: [
                "SIPRegistrar", "SIPRegistrarService", "SIPTransport", "SIPEdge", "SIPCallService", "SIPForking",
                "SIPWire", "SDPWire", "SDPNegotiation", nioCore, nioPosix, nioConcurrencyHelpers,
            ],
            path: "Benchmarks/sip-bench",
            swiftSettings: strict
        ),

        .executableTarget(
            name: "reroute-fuzz",
            dependencies: ["SignallingCapture", "PCAPWire", "SCTPWire", "MTPWire", "M3UAWire", "ISUPWire", nioCore],
            path: "Fuzz/reroute-fuzz",
            swiftSettings: strict
        ),

        // MARK: media-wire
        // Layer 1: RTP/RTCP (RFC 3550/3551/4733/5761) and TDM (E1/T1 frames, CESoPSN, SAToP) wire codecs.
        .target(name: "RTPWire", dependencies: ["WireSupport", nioCore], swiftSettings: realtime),
        .target(name: "TDMWire", dependencies: ["WireSupport", "RTPWire", nioCore], swiftSettings: realtime),
        // Layer 2: RTP sessions, jitter buffers, RTCP scheduling, latching (pure, injected clock).
        .target(name: "MediaSessions", dependencies: ["RTPWire", "TDMWire", nioCore], swiftSettings: realtime),
        .testTarget(
            name: "RTPWireTests",
            dependencies: ["RTPWire", "PCAPWire", "RerouteTestSupport", "WireSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TDMWireTests",
            dependencies: ["TDMWire", "RTPWire", "PCAPWire", "RerouteTestSupport", "WireSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MediaSessionsTests",
            dependencies: [
                "MediaSessions", "RTPWire", "TDMWire", "PCAPWire", "RerouteTestSupport", "WireSupport", nioCore,
            ],
            swiftSettings: strict
        ),
        // Layer 3: RTP legs on UDP sockets from a port range (rtcp-mux, symmetric RTP) driving MediaSessions.
        .target(
            name: "MediaTransport",
            dependencies: ["MediaSessions", "MediaSecurity", "RTPWire", nioCore, nioPosix],
            swiftSettings: realtime
        ),
        .testTarget(
            name: "MediaTransportTests",
            dependencies: [
                "MediaTransport", "MediaSessions", "MediaSecurity", "SDPNegotiation", "SDPWire", "RTPWire",
                "RerouteTestSupport", nioCore, nioPosix, nioConcurrencyHelpers,
            ],
            swiftSettings: strict
        ),
        // MARK: end media-wire

        // Tests.
        .target(
            name: "RerouteTestSupport",
            dependencies: [
                "WireSupport", "TelecomTypes", "PCAPWire", "SCTPWire", "MTPWire", "M3UAWire", "ISUPWire",
                "SignallingCapture", "MediaCodecs", "RTPWire", nioCore, nioPosix, nioConcurrencyHelpers,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/RerouteTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "TelecomTypesTests", dependencies: ["TelecomTypes"], swiftSettings: strict),
        .testTarget(name: "WireSupportTests", dependencies: ["WireSupport", nioCore], swiftSettings: strict),
        .testTarget(
            name: "PCAPWireTests",
            dependencies: ["PCAPWire", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SCTPWireTests",
            dependencies: ["SCTPWire", "PCAPWire", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MTPWireTests",
            dependencies: ["MTPWire", "TelecomTypes", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "M3UAWireTests",
            dependencies: ["M3UAWire", "TelecomTypes", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ISUPWireTests",
            dependencies: ["ISUPWire", "TelecomTypes", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPWireTests",
            dependencies: ["SIPWire", "RerouteTestSupport", nioCore],
            exclude: ["RFC4475"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SMPPWireTests",
            dependencies: ["SMPPWire", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SMPPProtocolTests",
            dependencies: ["SMPPProtocol", "SMPPWire", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SMPPClientTests",
            dependencies: ["SMPPClient", "SMPPProtocol", "SMPPWire", "RerouteTestSupport", nioCore, nioConcurrencyHelpers],
            swiftSettings: strict
        ),
        .testTarget(name: "SMSFileSinkTests", dependencies: ["SMSFileSink"], swiftSettings: strict),
        .testTarget(
            name: "AudioFileWireTests", dependencies: ["AudioFileWire", "RerouteTestSupport"], swiftSettings: strict
        ),
        .testTarget(name: "VoicemailProtocolTests", dependencies: ["VoicemailProtocol"], swiftSettings: strict),
        .testTarget(
            name: "PushNotifierTests",
            dependencies: ["PushNotifier", "RoutingCore", "RerouteTestSupport", nioConcurrencyHelpers],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProvisioningClientTests",
            dependencies: [
                "ProvisioningClient", "RerouteTestSupport", nioCore, nioPosix, nioConcurrencyHelpers,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPTransactionsTests",
            dependencies: ["SIPTransactions", "SIPWire", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "M3UAProtocolTests",
            dependencies: ["M3UAProtocol", "M3UAWire", "TelecomTypes", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ISUPProtocolTests",
            dependencies: ["ISUPProtocol", "ISUPWire", "TelecomTypes", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIGTRANTransportTests",
            dependencies: [
                "SIGTRANTransport", "M3UAWire", "RerouteTestSupport", nioCore, nioPosix, nioConcurrencyHelpers,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPTransportTests",
            dependencies: ["SIPTransport", "SIPWire", "RerouteTestSupport", nioCore, nioPosix, nioConcurrencyHelpers],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GatewayRuntimeTests",
            dependencies: [
                "GatewayRuntime", "GatewayReplay", "SIGTRANTransport", "ISUPProtocol", "M3UAWire", "TelecomTypes",
                "RerouteTestSupport", nioCore, nioPosix, nioConcurrencyHelpers,
                "ISUPWire", "Interworking", "RoutingClient", "RoutingCore", "RoutingService", "RoutingStore",
                postgresNIO, logging, "SIPForking", "MediaBridge", "MediaBridgeService", "MediaCodecs", "MediaTransport",
                "RTPWire", "TDMWire", "VoicemailProtocol", "SIPRegistrar", "SMPPClient", "SDPNegotiation", "SDPWire", "MediaSessions", "CodecPolicy",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GatewayReplayTests",
            dependencies: ["GatewayReplay", "SignallingCapture", "PCAPWire", "ISUPWire", "TelecomTypes", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SignallingCaptureTests",
            dependencies: [
                "SignallingCapture", "PCAPWire", "SCTPWire", "MTPWire", "M3UAWire", "ISUPWire", "TelecomTypes",
                "RerouteTestSupport", nioCore,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RoutingAdaptersTests",
            dependencies: [
                "RoutingAdapters", "RoutingCore", "RoutingService", "ProvisioningClient", "RerouteTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RoutingCoreTests",
            dependencies: ["RoutingCore", "RerouteTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RoutingStoreTests",
            dependencies: [
                "RoutingStore", "RoutingService", "RoutingCore", "RerouteTestSupport", postgresNIO, logging,
                "VoicemailStore", "AudioFileWire", "RoutingAdapters", "SMPPClient", "SMPPProtocol", "SMPPWire",
                nioConcurrencyHelpers,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RoutingAPITests",
            dependencies: [
                "RoutingAPI", "RoutingService", "RoutingStore", "RoutingCore", postgresNIO, logging, nioCore,
                "VoicemailStore", "AudioFileWire", "SIPRegistrar",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "rerouteTests",
            dependencies: [
                "RerouteTestSupport", "SignallingCapture", "PCAPWire", "MTPWire", "M3UAWire", "M3UAProtocol",
                "SIGTRANTransport", "TelecomTypes", "RoutingStore", nioCore, nioPosix,
                "GatewayRuntime", "ISUPWire", "ISUPProtocol", nioConcurrencyHelpers, "AudioFileWire", "MediaCodecs",
                "RoutingClient", "RoutingService", "VoicemailStore", "RoutingCore", "RTPWire",
            ],
            // Compiled by the libss7 interop test at test time (libss7 is GPL: never linked into a Swift target).
            exclude: ["LibSS7/msc-peer.c"],
            swiftSettings: strict
        ),

        // MARK: forking (SDP offer/answer, the forking B2BUA leg towards the devices)
        // Layer 1: RFC 8866 session descriptions.
        .target(name: "SDPWire", swiftSettings: strict),
        // Layer 2: RFC 3264 offer/answer and codec choice.
        .target(name: "SDPNegotiation", dependencies: ["SDPWire"], swiftSettings: strict),
        .testTarget(name: "SDPWireTests", dependencies: ["SDPWire", "RerouteTestSupport"], swiftSettings: strict),
        .testTarget(name: "SDPNegotiationTests", dependencies: ["SDPNegotiation", "SDPWire"], swiftSettings: strict),
        // Layer 2: the forking client-side leg of the B2BUA (pure: responses, requests, timers in; actions out).
        .target(
            name: "SIPForking", dependencies: ["SIPTransactions", "SIPWire", "TelecomTypes", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPForkingTests",
            dependencies: ["SIPForking", "SIPTransactions", "SIPWire", "TelecomTypes", nioCore],
            swiftSettings: strict
        ),
        // Layer 3: the shell running forked calls over SIPTransport + SIPTransactionLayer.
        .target(
            name: "SIPCallService",
            dependencies: [
                "SIPForking", "SDPNegotiation", "SDPWire", "SIPTransactions", "SIPTransport", "SIPWire", "TelecomTypes",
                nioCore,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPCallServiceTests",
            dependencies: [
                "SIPCallService", "SIPForking", "SDPNegotiation", "SDPWire", "SIPTransactions", "SIPWire",
                "TelecomTypes", "RerouteTestSupport", nioCore, nioPosix, nioConcurrencyHelpers,
            ],
            swiftSettings: strict
        ),
        // MARK: end forking
        // MARK: registrar (issue 5 item 2)
        // Layer 2: registrar bindings, RFC 7616 digest, keepalive availability (pure).
        .target(name: "SIPRegistrar", dependencies: ["SIPWire", "SIPTransactions", crypto, nioCore], swiftSettings: strict),
        // Layer 3: the registrar on SIPTransport + SIPTransactionLayer.
        .target(
            name: "SIPRegistrarService",
            dependencies: ["SIPRegistrar", "SIPTransport", "SIPTransactions", "SIPWire", nioCore, nioPosix, logging],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPRegistrarTests",
            dependencies: ["SIPRegistrar", "SIPTransactions", "SIPWire", "RerouteTestSupport", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPRegistrarServiceTests",
            dependencies: [
                "SIPRegistrarService", "SIPRegistrar", "SIPTransport", "SIPTransactions", "SIPWire", "RoutingAdapters",
                "RoutingService", "RoutingCore", "RoutingStore", "RerouteTestSupport", postgresNIO, logging, nioCore,
                nioPosix, crypto,
            ],
            swiftSettings: strict
        ),
        // MARK: end registrar
        // MARK: sip-edge (one SIP address for registrar and calls; push wake-up, late forking, MESSAGE)
        // Layer 3: the shared SIP address: dispatch, forkCall with push wake-up and late forking, RFC 3428 MESSAGE.
        .target(
            name: "SIPEdge",
            dependencies: [
                "SIPCallService", "SIPRegistrarService", "SIPRegistrar", "SIPForking", "SIPTransport", "SIPTransactions",
                "SIPWire", "SDPWire", "PushNotifier", "RoutingCore", "TelecomTypes", nioCore, nioConcurrencyHelpers,
                logging,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIPEdgeTests",
            dependencies: [
                "SIPEdge", "SIPCallService", "SIPRegistrarService", "SIPRegistrar", "SIPForking", "SIPTransport",
                "SIPTransactions", "SIPWire", "SDPNegotiation", "SDPWire", "PushNotifier", "RoutingCore",
                "TelecomTypes", "RerouteTestSupport", "RTPWire", "MediaCodecs", "AudioFileWire", nioCore, nioPosix,
                nioConcurrencyHelpers, "GatewayRuntime", "MediaBridge", "MediaBridgeService", "MediaSecurity",
                "MediaTransport", "Interworking", "RoutingClient",
            ],
            swiftSettings: strict
        ),
        // MARK: end sip-edge
        // MARK: media-codecs
        // C libraries of the media path (module maps only, pkg-config names per docs/codecs.md).
        .systemLibrary(name: "CSpanDSP", pkgConfig: "spandsp", providers: [.apt(["libspandsp-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CBCG729", pkgConfig: "libbcg729", providers: [.apt(["libbcg729-dev"])]),
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        // opus_encoder_ctl / opus_decoder_ctl are variadic: one C function per request Swift needs.
        .target(name: "COpusShim", dependencies: ["COpus"]),
        // The line echo canceller (NLMS + Geigel double talk, G.168 structure): 2 × 1024 multiply-adds a sample per
        // channel, so it is optimised even in debug builds (the tests bridge calls in real time).
        .target(name: "CEchoCanceller", cSettings: [.unsafeFlags(["-O2"])]),
        // Layer 2: safe codec wrappers (C state owned and freed), resampler, echo canceller, DTMF, tones, transcoder.
        .target(
            name: "MediaCodecs",
            dependencies: ["CSpanDSP", "COpus", "COpusShim", "CBCG729", "CEchoCanceller"],
            swiftSettings: realtime
        ),
        .testTarget(
            name: "MediaCodecsTests",
            dependencies: ["MediaCodecs", "CSRTP", "RerouteTestSupport"],
            swiftSettings: strict
        ),
        // Benchmark (not a test): codec cost per frame, channels per core (`swift run -c release media-codecs-bench`).
        .executableTarget(
            name: "media-codecs-bench",
            dependencies: ["MediaCodecs"],
            path: "Benchmarks/media-codecs-bench",
            swiftSettings: strict
        ),
        // MARK: end media-codecs
        // MARK: codec-policy
        // Layer 2: the codec chooser per app leg (bandwidth fit, RTCP loss → Opus adaptation / re-INVITE), pure.
        .target(
            name: "CodecPolicy",
            dependencies: ["SDPNegotiation", "SDPWire", "MediaSessions", "MediaCodecs", "RTPWire"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CodecPolicyTests",
            dependencies: [
                "CodecPolicy", "SDPNegotiation", "SDPWire", "MediaSessions", "MediaCodecs", "RTPWire",
                "RerouteTestSupport", "SIPForking", "SIPTransactions", "SIPWire", nioCore,
            ],
            swiftSettings: strict
        ),
        // MARK: end codec-policy
        // MARK: srtp
        // Layer 2: SRTP/SRTCP (RFC 3711, RFC 7714) on libsrtp2, keyed by SDES (RFC 4568); no I/O, no clock.
        .target(
            name: "MediaSecurity",
            dependencies: ["CSRTP", "SDPNegotiation", "SDPWire"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MediaSecurityTests",
            dependencies: ["MediaSecurity", "SDPNegotiation", "SDPWire", "RTPWire", "RerouteTestSupport", nioCore],
            exclude: ["srtp_reference.py"],
            swiftSettings: strict
        ),
        // MARK: end srtp
        // MARK: voicemail-store
        // Layer 3: voicemail audio files: spool with sidecars, fsync + atomic rename, crash recovery (docs/voicemail.md).
        .target(name: "VoicemailStore", dependencies: ["AudioFileWire"], swiftSettings: strict),
        .testTarget(
            name: "VoicemailStoreTests",
            dependencies: ["VoicemailStore", "AudioFileWire", "RerouteTestSupport"],
            swiftSettings: strict
        ),
        // MARK: end voicemail-store
        // MARK: media-bridge
        // Layer 2: the call's media bridge — CESoPSN timeslots ↔ per-call audio ↔ RTP legs (pure: no I/O, no clock).
        .target(
            name: "MediaBridge",
            dependencies: ["MediaCodecs", "MediaSessions", "TDMWire", "RTPWire", nioCore],
            swiftSettings: realtime
        ),
        // Layer 3: one UDP socket per pseudowire, RTP legs from a port range, the packetisation timer.
        .target(
            name: "MediaBridgeService",
            dependencies: ["MediaBridge", "MediaTransport", "MediaSecurity", "MediaSessions", "MediaCodecs", "RTPWire", "TDMWire", nioCore, nioPosix, nioConcurrencyHelpers],
            swiftSettings: realtime
        ),
        .testTarget(
            name: "MediaBridgeTests",
            dependencies: [
                "MediaBridge", "MediaCodecs", "MediaSessions", "TDMWire", "RTPWire", "RerouteTestSupport", nioCore,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MediaBridgeServiceTests",
            dependencies: [
                "MediaBridgeService", "MediaBridge", "MediaCodecs", "MediaSessions", "MediaTransport", "TDMWire",
                "RTPWire", "PCAPWire", "RerouteTestSupport", nioCore, nioPosix, nioConcurrencyHelpers,
            ],
            swiftSettings: strict
        ),
        // MARK: end media-bridge
        // MARK: media-bench (issue 6 item 7)
        // Benchmark (not a test): N RTP calls on loopback through Reroute's media path or rtpengine
        // (`swift run -c release media-bench`, driven by scripts/benchmark-media.sh).
        // epoll and timerfd for its load generator (Swift's Glibc module does not export them).
        .systemLibrary(name: "CLinuxEvents", path: "Sources/CLinuxEvents"),
        .executableTarget(
            name: "media-bench",
            dependencies: [
                "MediaBridge", "MediaTransport", "MediaSessions", "MediaCodecs", "RTPWire", "CLinuxEvents", nioCore,
                nioPosix,
            ],
            path: "Benchmarks/media-bench",
            swiftSettings: strict
        ),
        // MARK: end media-bench
    ],
    swiftLanguageModes: [.v6]
)
