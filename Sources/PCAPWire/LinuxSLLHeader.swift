public import NIOCore

/// The Linux "cooked" capture header, version 1 (LINKTYPE_LINUX_SLL, 16 bytes; tcpdump.org/linktypes/LINKTYPE_LINUX_SLL).
///
/// ```
/// +---------------+---------------+---------------+-------------------------------+---------------+
/// | packet type 2 | ARPHRD type 2 | addr length 2 | link-layer address 8          | protocol 2    |
/// +---------------+---------------+---------------+-------------------------------+---------------+
/// ```
public struct LinuxSLLHeader: Hashable, Sendable {
    public static let length = 16

    /// 0 to us, 1 broadcast, 2 multicast, 3 to someone else, 4 sent by us.
    public var packetType: UInt16
    public var arphrdType: UInt16
    /// The address length field as sent (may exceed 8; only 8 bytes are stored).
    public var addressLength: UInt16
    /// The 8-byte address field, zero-padded.
    public var address: [UInt8]
    /// An EtherType for the usual ARPHRD types.
    public var protocolType: EtherType

    public init(
        packetType: UInt16 = 0, arphrdType: UInt16 = 1, addressLength: UInt16 = 6,
        address: [UInt8] = [0x02, 0, 0, 0, 0, 1, 0, 0], protocolType: EtherType
    ) {
        self.packetType = packetType
        self.arphrdType = arphrdType
        self.addressLength = addressLength
        self.address = address
        self.protocolType = protocolType
    }

    public static func decode(_ frame: ByteBuffer) throws(PacketDecodingError) -> (LinuxSLLHeader, ByteBuffer) {
        var buffer = frame
        guard let (packetType, arphrd, addressLength) = buffer.readMultipleIntegers(as: (UInt16, UInt16, UInt16).self),
            let address = buffer.readBytes(length: 8), let proto = buffer.readInteger(as: UInt16.self)
        else {
            throw PacketDecodingError(.linuxSLL, .truncated(needed: length, available: frame.readableBytes))
        }
        let header = LinuxSLLHeader(
            packetType: packetType, arphrdType: arphrd, addressLength: addressLength, address: address,
            protocolType: EtherType(proto))
        return (header, buffer)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(packetType, arphrdType, addressLength)
        buffer.writeBytes((address + [UInt8](repeating: 0, count: 8)).prefix(8))
        buffer.writeInteger(protocolType.rawValue)
    }
}
