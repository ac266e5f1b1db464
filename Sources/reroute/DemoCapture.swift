import Foundation
import GatewayRuntime
import MediaTransport
import NIOCore
import PCAPWire
import SignallingCapture

/// One call's packets as a pcap (issue 7 item 5): the M3UA messages Reroute's gateway sent and received, byte for
/// byte, in SCTP over UDP (RFC 6951) as `SCTPFlowComposer` builds it, and the SIP messages between Reroute and each
/// device, byte for byte as the device (sipp) logged them, in UDP. The SCTP and UDP/IP around the messages are
/// composed here (TSNs, verification tags and checksums are not the ones on the wire); the M3UA and SIP inside are.
/// The media — the E1's CESoPSN packets and the RTP/RTCP of the call's leg — is in UDP as the media bridge's sockets
/// sent and received it (`MediaWireRecord`), with its real ports.
struct DemoCapture {
    /// Reroute's and the MSC's SCTP ports and the encapsulation port, for the composed frames.
    var reroutePort: UInt16
    var mscPort: UInt16
    var udpEncapsulationPort: UInt16
    /// Reroute's SIP port.
    var sipPort: UInt16

    struct SIPRecord {
        var time: Date
        var toDevice: Bool
        var devicePort: UInt16
        var message: [UInt8]
    }

    func write(m3ua: [SignallingWireRecord], sip: [SIPRecord], media: [MediaWireRecord] = [], to url: URL) throws {
        let loopback = IPAddress.v4(0x7F00_0001)
        var towardsMSC = SCTPFlowComposer(
            source: loopback, destination: loopback, sourcePort: reroutePort, destinationPort: mscPort)
        towardsMSC.udpEncapsulationPort = udpEncapsulationPort
        var towardsReroute = towardsMSC.reversed
        var frames: [(Date, ByteBuffer)] = []
        for record in m3ua {
            let message = SCTPFlowComposer.UserMessage(stream: record.stream, ppid: 3, payload: record.m3ua)
            let built =
                record.direction == .sent
                ? towardsMSC.frames(for: [message]) : towardsReroute.frames(for: [message])
            frames += built.map { (record.time, $0) }
        }
        for record in sip {
            let (source, destination) = record.toDevice ? (sipPort, record.devicePort) : (record.devicePort, sipPort)
            let udp = SyntheticFrame.udp(
                sourcePort: source, destinationPort: destination, payload: ByteBuffer(bytes: record.message))
            frames.append((record.time, SyntheticFrame.ethernetIP(
                source: loopback, destination: loopback, protocolNumber: UDPDatagram.protocolNumber, payload: udp)))
        }
        for record in media {
            guard let local = record.local.port, let remote = record.remote.port else { continue }
            let (source, destination) = record.sent ? (local, remote) : (remote, local)
            let udp = SyntheticFrame.udp(
                sourcePort: UInt16(source), destinationPort: UInt16(destination), payload: record.bytes)
            frames.append((record.time, SyntheticFrame.ethernetIP(
                source: loopback, destination: loopback, protocolNumber: UDPDatagram.protocolNumber, payload: udp)))
        }
        var writer = PCAPWriter(linkType: .ethernet, resolution: .nanoseconds, byteOrder: .little)
        for (index, (time, data)) in frames.sorted(by: { $0.0 < $1.0 }).enumerated() {
            let nanoseconds = Int64((time.timeIntervalSince1970 * 1e9).rounded())
            writer.append(CapturedFrame(
                number: index + 1,
                timestamp: CaptureTimestamp(
                    seconds: nanoseconds / 1_000_000_000, nanoseconds: UInt32(nanoseconds % 1_000_000_000)),
                linkType: .ethernet, data: data))
        }
        try Data(writer.bytes.readableBytesView).write(to: url)
    }
}
