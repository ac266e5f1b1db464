import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import SIGTRANTransport

#if canImport(Glibc)
import Glibc
#endif

/// Shared setup for the loopback tests: one usrsctp UDP port per process, configurations, M3UA messages.
enum TransportFixtures {
    static let loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()

    /// The RFC 6951 UDP port of this process's usrsctp stack (shared by every test target in the process).
    static let udpPort: UInt16 = LoopbackPorts.usrsctpUDPPort

    static func freeUDPPort() -> UInt16 { LoopbackPorts.freeUDPPort() }

    private static let nextPortBox = NIOLockedValueBox(Int.random(in: 20_000..<28_000))

    /// A listening port below the kernel's ephemeral range (32768–60999), so that a port a test frees and binds
    /// again is never handed meanwhile to a parallel test's client.
    static func nextPort() -> Int {
        nextPortBox.withLockedValue { port in
            port += 1
            return port
        }
    }

    static func server(
        _ kind: SIGTRANTransportKind, port: Int? = nil, inbound: UInt16 = 16, outbound: UInt16 = 16
    ) -> SIGTRANTransportConfiguration {
        SIGTRANTransportConfiguration(
            localAddresses: ["127.0.0.1"], localPort: port ?? nextPort(), outboundStreams: outbound, inboundStreams: inbound,
            heartbeatInterval: .seconds(5), udpEncapsulation: .init(localPort: udpPort, remotePort: udpPort))
    }

    static func client(
        _ kind: SIGTRANTransportKind, port: Int, inbound: UInt16 = 16, outbound: UInt16 = 16,
        timeout: TimeAmount = .seconds(5), remoteUDPPort: UInt16? = nil
    ) -> SIGTRANTransportConfiguration {
        SIGTRANTransportConfiguration(
            localAddresses: ["127.0.0.1"], remoteAddresses: ["127.0.0.1"], remotePort: port,
            outboundStreams: outbound, inboundStreams: inbound, heartbeatInterval: .seconds(5),
            connectTimeout: timeout,
            udpEncapsulation: .init(localPort: udpPort, remotePort: remoteUDPPort ?? udpPort))
    }

    /// A BEAT message (RFC 4666 §3.5.5) whose Heartbeat Data carries `sequence` then filler up to `dataLength`
    /// bytes (a multiple of 4): a valid M3UA message of any size for both SCTP and the TCP framer.
    static func beat(sequence: UInt32, dataLength: Int = 52) -> ByteBuffer {
        let data = max(4, (dataLength + 3) / 4 * 4)
        var buffer = ByteBufferAllocator().buffer(capacity: 12 + data)
        buffer.writeMultipleIntegers(UInt8(1), UInt8(0), UInt8(3), UInt8(3), UInt32(12 + data))
        buffer.writeMultipleIntegers(UInt16(0x0009), UInt16(4 + data), sequence)
        for index in 0..<(data - 4) { buffer.writeInteger(UInt8(truncatingIfNeeded: index &* 7 &+ Int(sequence))) }
        return buffer
    }

    /// The sequence number of a `beat(sequence:)` message.
    static func sequence(of beat: ByteBuffer) -> UInt32? {
        beat.getInteger(at: beat.readerIndex + 12, as: UInt32.self)
    }

    /// Starts a listener and connects one client to it; returns both ends.
    static func connectPair(
        _ kind: SIGTRANTransportKind, server: SIGTRANTransportConfiguration? = nil,
        clientStreams: (inbound: UInt16, outbound: UInt16) = (16, 16)
    ) async throws -> Pair {
        let accepts = AcceptRecorder(eventLoop: loop)
        let listener = try await wait(
            SIGTRANTransportFactory.listen(
                kind: kind, configuration: server ?? Self.server(kind), eventLoop: loop, onAccept: accepts.onAccept),
            "listen")
        let clientEvents = EventRecorder(eventLoop: loop)
        let client = try await wait(
            SIGTRANTransportFactory.connect(
                kind: kind,
                configuration: Self.client(
                    kind, port: listener.localPort, inbound: clientStreams.inbound, outbound: clientStreams.outbound),
                eventLoop: loop, onEvent: clientEvents.handler),
            "connect")
        let (serverAssociation, serverEvents) = try await accepts.association(0)
        try await serverEvents.wait(for: "server associationUp") {
            $0.contains { if case .associationUp = $0 { true } else { false } }
        }
        return Pair(
            listener: listener, accepts: accepts, client: client, clientEvents: clientEvents,
            server: serverAssociation, serverEvents: serverEvents)
    }

    struct Pair {
        var listener: any SIGTRANListener
        var accepts: AcceptRecorder
        var client: any SIGTRANAssociation
        var clientEvents: EventRecorder
        var server: any SIGTRANAssociation
        var serverEvents: EventRecorder

        func close() async throws {
            try await wait(client.close(), "client close")
            try await wait(listener.close(), "listener close")
        }
    }
}
