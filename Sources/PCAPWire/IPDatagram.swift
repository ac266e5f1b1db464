public import NIOCore

/// A whole IP datagram (after reassembly when it came in fragments), with the IPv6 extension headers skipped.
public struct IPDatagram: Hashable, Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    /// The upper-layer protocol (IANA protocol numbers: 6 TCP, 17 UDP, 132 SCTP; 50 ESP is opaque).
    public var protocolNumber: UInt8
    /// The upper-layer bytes.
    public var payload: ByteBuffer

    public init(source: IPAddress, destination: IPAddress, protocolNumber: UInt8, payload: ByteBuffer) {
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.payload = payload
    }
}
