public import ISUPWire
import M3UAWire
import MTPWire
public import NIOCore
import TelecomTypes

/// M3UA (RFC 4666), M2PA (RFC 4165) and MTP2/MTP3 (ITU-T Q.703/Q.704) wrappings for hand-built captures, made
/// with the codecs' public APIs.
public enum SyntheticSignalling {
    /// The point codes used throughout: OPC 1001 → DPC 2002, national network.
    public static let opc: UInt32 = 1001
    public static let dpc: UInt32 = 2002
    /// The routing context every DATA message carries (RFC 4666 §3.3.1).
    public static let routingContext: UInt32 = 77

    /// M3UA DATA (RFC 4666 §3.3.1) with a Routing Context and Protocol Data carrying `message` (SI 5 for ISUP,
    /// SI 13 for BICC).
    public static func m3uaData(
        _ message: ISUPMessage, sls: UInt8 = 3, routingContext: UInt32? = SyntheticSignalling.routingContext
    ) -> ByteBuffer {
        let protocolData = M3UAProtocolData(
            originatingPointCode: PointCode(opc), destinationPointCode: PointCode(dpc),
            serviceIndicator: message.variant == .bicc ? .bicc : .isup, networkIndicator: .national,
            signallingLinkSelection: sls, userProtocolData: message.encoded)
        let data = M3UAPayloadData(routingContext: routingContext.map { [$0] }, protocolData: protocolData)
        return M3UAMessage.payloadData(data).encoded()
    }

    /// The management messages of RFC 4666 §3.4–§3.8 that the fixtures lack or barely have: ASPUP, ASPAC with a
    /// routing context, NTFY (AS-ACTIVE), BEAT, DAUD, DUNA and ERR, in that order.
    public static func m3uaManagement() -> [ByteBuffer] {
        let affected = [M3UAMaskedPointCode(pointCode: PointCode(dpc))]
        let messages: [M3UAMessage] = [
            .aspUp(M3UAASPUp(aspIdentifier: 7)),
            .aspActive(M3UAASPActive(trafficModeType: .loadshare, routingContext: [routingContext])),
            .notify(M3UANotify(status: .asActive, routingContext: [routingContext])),
            .heartbeat(M3UAHeartbeat(heartbeatData: ByteBuffer(bytes: [0xBE, 0xA7, 0x00, 0x01]))),
            .destinationStateAudit(M3UADestinationStateAudit(routingContext: [routingContext], affectedPointCode: affected)),
            .destinationUnavailable(M3UADestinationUnavailable(routingContext: [routingContext], affectedPointCode: affected)),
            .error(M3UAErrorMessage(errorCode: .invalidRoutingContext, routingContext: [routingContext + 1])),
        ]
        return messages.map { $0.encoded() }
    }

    /// The RFC 4666 §3.1.2 class and type of each message of `m3uaManagement()`.
    public static let m3uaManagementClassesAndTypes: [(UInt8, UInt8, String)] = [
        (3, 1, "ASPUP"), (4, 1, "ASPAC"), (0, 1, "NTFY"), (3, 3, "BEAT"), (2, 3, "DAUD"), (2, 1, "DUNA"), (0, 0, "ERR"),
    ]

    /// The MTP3 message (Q.704 §2.2: SIO, routing label, SIF) carrying `message`.
    public static func mtp3(_ message: ISUPMessage, sls: UInt8 = 3) -> ByteBuffer {
        let mtp3 = mtp3Message(message, sls: sls)
        var out = ByteBuffer()
        mtp3.encode(into: &out)
        return out
    }

    static func mtp3Message(_ message: ISUPMessage, sls: UInt8) -> MTP3Message {
        MTP3Message(
            serviceInformationOctet: ServiceInformationOctet(
                serviceIndicator: message.variant == .bicc ? .bicc : .isup, networkIndicator: .national),
            routingLabel: MTP3RoutingLabel(
                destinationPointCode: PointCode(dpc), originatingPointCode: PointCode(opc), signallingLinkSelection: sls),
            payload: message.encoded)
    }

    /// An M2PA User Data message (RFC 4165 §2.3.1) carrying `message` in MTP3.
    public static func m2paUserData(_ message: ISUPMessage, sequence: UInt32) -> ByteBuffer {
        let m2pa = M2PAMessage(
            backwardSequenceNumber: sequence &- 1, forwardSequenceNumber: sequence,
            body: .userData(M2PAUserData(message: mtp3Message(message, sls: 3))))
        var out = ByteBuffer()
        m2pa.encode(into: &out)
        return out
    }

    /// An M2PA Link Status "Ready" message (RFC 4165 §2.3.2): carries no MTP3 message.
    public static func m2paLinkStatusReady() -> ByteBuffer {
        let m2pa = M2PAMessage(
            backwardSequenceNumber: 0xFF_FFFF, forwardSequenceNumber: 0xFF_FFFF,
            body: .linkStatus(M2PALinkStatus(state: M2PALinkStatus.State(rawValue: 4))))
        var out = ByteBuffer()
        m2pa.encode(into: &out)
        return out
    }

    /// An MTP2 message signal unit (Q.703 §2.2) carrying `message`, without FCS (DLT 140).
    public static func mtp2MSU(_ message: ISUPMessage, sequence: UInt8) -> ByteBuffer {
        mtp2(.message(mtp3Message(message, sls: 3)), sequence: sequence)
    }

    /// An MTP2 fill-in signal unit (LI 0) and a link status signal unit (LI 1, status "In Service").
    public static func mtp2FISU(sequence: UInt8) -> ByteBuffer { mtp2(.fillIn, sequence: sequence) }
    public static func mtp2LSSU(sequence: UInt8) -> ByteBuffer {
        mtp2(.linkStatus(MTP2LinkStatus(statusField: [0x05])), sequence: sequence)
    }

    static func mtp2(_ unit: MTP2Frame.SignalUnit, sequence: UInt8) -> ByteBuffer {
        let frame = MTP2Frame(
            backwardSequenceNumber: sequence &- 1, backwardIndicatorBit: true, forwardSequenceNumber: sequence,
            forwardIndicatorBit: true, signalUnit: unit)
        var out = ByteBuffer()
        frame.encode(into: &out)
        return out
    }
}
