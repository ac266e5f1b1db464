public import NIOCore

/// One fragment of an IPv4 (RFC 791 §2.3) or IPv6 (RFC 8200 §4.5) datagram.
public struct IPFragment: Hashable, Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    /// IPv4 Protocol, or the Next Header of the IPv6 Fragment header.
    public var protocolNumber: UInt8
    /// IPv4 Identification (16 bits) or IPv6 Identification (32 bits).
    public var identification: UInt32
    /// Position of `payload` in the datagram, in bytes.
    public var offset: Int
    public var moreFragments: Bool
    public var payload: ByteBuffer

    public init(
        source: IPAddress, destination: IPAddress, protocolNumber: UInt8, identification: UInt32, offset: Int,
        moreFragments: Bool, payload: ByteBuffer
    ) {
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.identification = identification
        self.offset = offset
        self.moreFragments = moreFragments
        self.payload = payload
    }
}
