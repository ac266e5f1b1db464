import MTPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

@Suite("MTP3 routing label and SIO (ITU-T Q.704 §2.2, §14.2)")
struct MTP3Tests {
    static func label(_ hex: String, _ format: PointCodeFormat = .itu) throws -> MTP3RoutingLabel {
        var buffer = ByteBuffer(hex: hex)
        let label = try MTP3RoutingLabel.read(from: &buffer, format: format)
        #expect(buffer.readableBytes == 0)
        return label
    }

    static func hex(_ label: MTP3RoutingLabel) -> String {
        var buffer = ByteBuffer()
        label.write(into: &buffer)
        return buffer.hex
    }

    @Test("Q.704 §2.2.1: DPC in bits 1-14, OPC in bits 15-28, SLS in bits 29-32, least significant octet first")
    func ituBitPositions() throws {
        let cases: [(String, UInt32, UInt32, UInt8)] = [
            ("01800030", 1, 2, 3),
            ("ff3f0000", 0x3FFF, 0, 0),
            ("00c0ff0f", 0, 0x3FFF, 0),
            ("000000f0", 0, 0, 15),
            // isup.pcap frame 1 (tshark: DPC 15392, OPC 3684, SLS 15).
            ("203c99f3", 15392, 3684, 15),
        ]
        for (hex, dpc, opc, sls) in cases {
            let label = try Self.label(hex)
            #expect(label.destinationPointCode == PointCode(dpc), "\(hex)")
            #expect(label.originatingPointCode == PointCode(opc), "\(hex)")
            #expect(label.signallingLinkSelection == sls, "\(hex)")
            #expect(Self.hex(label) == hex)
        }
    }

    @Test("ANSI T1.111.4 §2.2: 24-bit DPC and OPC (member, cluster, network) and an SLS octet")
    func ansiLabel() throws {
        let label = try Self.label("030201 060504 1f", .ansi)
        #expect(label.destinationPointCode == PointCode(0x01_0203, variant: .ansi))
        #expect(label.originatingPointCode == PointCode(0x04_0506, variant: .ansi))
        #expect(label.signallingLinkSelection == 0x1F && label.format == .ansi)
        #expect(Self.hex(label) == "0302010605041f")
    }

    @Test("Q.704 §2.2: a label cut short is a typed error")
    func truncatedLabel() {
        #expect(throws: MTPDecodingError.self) { try Self.label("203c99") }
        #expect(throws: MTPDecodingError.self) { try Self.label("030201060504", .ansi) }
    }

    @Test("Q.704 §14.2: SI in bits DCBA, NI in bits DC of the sub-service field, spare bits BA kept")
    func serviceInformationOctet() {
        let isup = ServiceInformationOctet(rawValue: 0x85)
        #expect(isup.serviceIndicator == .isup && isup.networkIndicator == .national && isup.spare == 0)
        let sccp = ServiceInformationOctet(rawValue: 0x03)
        #expect(sccp.serviceIndicator == .sccp && sccp.networkIndicator == .international)
        let priority = ServiceInformationOctet(rawValue: 0xB5)
        #expect(priority.spare == 3 && priority.rawValue == 0xB5)
        for raw in UInt8.min...UInt8.max { #expect(ServiceInformationOctet(rawValue: raw).rawValue == raw) }
    }

    @Test("Q.704 §2: MTP3 message = SIO, routing label, user part payload; round trip")
    func message() throws {
        // isup.pcap frame 6: RLC for CIC 15 from OPC 3684 to DPC 15392.
        let bytes = ByteBuffer(hex: "85203c99f30f001000693a")
        let message = try MTP3Message.decode(bytes)
        #expect(message.serviceInformationOctet.serviceIndicator == .isup)
        #expect(message.routingLabel.originatingPointCode == PointCode(3684))
        #expect(message.payload == ByteBuffer(hex: "0f001000693a"))
        var out = ByteBuffer()
        message.encode(into: &out)
        #expect(out == bytes)
        #expect(throws: MTPDecodingError.self) { try MTP3Message.decode(ByteBuffer()) }
    }
}
