public import NIOCore

/// The Linux "cooked" capture header, version 2 (LINKTYPE_LINUX_SLL2, 20 bytes).
///
/// ```
/// +------------+------------+------------------+-------------+--------+--------+----------------------+
/// | protocol 2 | reserved 2 | interface index 4| ARPHRD 2    | pkt 1  | alen 1 | link-layer address 8 |
/// +------------+------------+------------------+-------------+--------+--------+----------------------+
/// ```
public struct LinuxSLL2Header: Hashable, Sendable {
    public static let length = 20

    public var protocolType: EtherType
    public var reserved: UInt16
    public var interfaceIndex: UInt32
    public var arphrdType: UInt16
    public var packetType: UInt8
    public var addressLength: UInt8
    /// The 8-byte address field, zero-padded.
    public var address: [UInt8]

    public init(
        protocolType: EtherType, reserved: UInt16 = 0, interfaceIndex: UInt32 = 1, arphrdType: UInt16 = 1,
        packetType: UInt8 = 0, addressLength: UInt8 = 6, address: [UInt8] = [0x02, 0, 0, 0, 0, 1, 0, 0]
    ) {
        self.protocolType = protocolType
        self.reserved = reserved
        self.interfaceIndex = interfaceIndex
        self.arphrdType = arphrdType
        self.packetType = packetType
        self.addressLength = addressLength
        self.address = address
    }

    public static func decode(_ frame: ByteBuffer) throws(PacketDecodingError) -> (LinuxSLL2Header, ByteBuffer) {
        var buffer = frame
        guard
            let (proto, reserved, index, arphrd, packetType, addressLength) = buffer.readMultipleIntegers(
                as: (UInt16, UInt16, UInt32, UInt16, UInt8, UInt8).self),
            let address = buffer.readBytes(length: 8)
        else {
            throw PacketDecodingError(.linuxSLL2, .truncated(needed: length, available: frame.readableBytes))
        }
        let header = LinuxSLL2Header(
            protocolType: EtherType(proto), reserved: reserved, interfaceIndex: index, arphrdType: arphrd,
            packetType: packetType, addressLength: addressLength, address: address)
        return (header, buffer)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(protocolType.rawValue, reserved, interfaceIndex, arphrdType, packetType, addressLength)
        buffer.writeBytes((address + [UInt8](repeating: 0, count: 8)).prefix(8))
    }
}
