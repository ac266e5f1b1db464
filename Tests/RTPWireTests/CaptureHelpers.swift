import NIOCore
import PCAPWire
import RerouteTestSupport

/// The UDP datagrams of a fixture capture, in file order (through PCAPWire, as the product reads captures).
func udpDatagrams(inFixture name: String) throws -> [UDPDatagram] {
    var reader = try CaptureReader(Fixtures.load(name))
    var dissector = PacketDissector()
    var datagrams: [UDPDatagram] = []
    while let frame = try reader.next() {
        guard case .ip(let packet)? = try? dissector.dissect(frame),
            packet.protocolNumber == UDPDatagram.protocolNumber,
            let udp = try? UDPDatagram.decode(packet.payload)
        else { continue }
        datagrams.append(udp)
    }
    return datagrams
}
