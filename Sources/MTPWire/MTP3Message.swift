public import NIOCore

/// An MTP3 message signal unit's content: SIO, then the signalling information field (SIF) that starts with
/// the routing label (ITU-T Q.704 §2.2, §14.2). `payload` is the SIF after the label: the user part message
/// (ISUP, SCCP, SNM …).
///
/// ```
/// +-----+---------------------+----------------------------+
/// | SIO |    routing label    |   user part message ...    |
/// +-----+---------------------+----------------------------+
///   1        4 (ITU) / 7 (ANSI)
/// ```
public struct MTP3Message: Hashable, Sendable, CustomStringConvertible {
    public var serviceInformationOctet: ServiceInformationOctet
    public var routingLabel: MTP3RoutingLabel
    public var payload: ByteBuffer

    public init(serviceInformationOctet: ServiceInformationOctet, routingLabel: MTP3RoutingLabel, payload: ByteBuffer) {
        self.serviceInformationOctet = serviceInformationOctet
        self.routingLabel = routingLabel
        self.payload = payload
    }

    /// Decodes all readable bytes of `bytes` (SIO + SIF).
    public static func decode(_ bytes: ByteBuffer, pointCodeFormat: PointCodeFormat = .itu)
        throws(MTPDecodingError) -> MTP3Message
    {
        var buffer = bytes
        guard let sio = buffer.readInteger(as: UInt8.self) else {
            throw MTPDecodingError(.truncated(what: "service information octet", needed: 1, available: 0))
        }
        let label = try MTP3RoutingLabel.read(from: &buffer, format: pointCodeFormat)
        return MTP3Message(
            serviceInformationOctet: ServiceInformationOctet(rawValue: sio), routingLabel: label,
            payload: buffer.readSlice(length: buffer.readableBytes) ?? ByteBuffer())
    }

    /// Writes SIO, label and payload; returns the bytes written.
    @discardableResult
    public func encode(into buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        buffer.writeInteger(serviceInformationOctet.rawValue)
        routingLabel.write(into: &buffer)
        buffer.writeImmutableBuffer(payload)
        return buffer.writerIndex - start
    }

    public var description: String {
        "MTP3 \(serviceInformationOctet) \(routingLabel) \(payload.readableBytes) octets"
    }
}
