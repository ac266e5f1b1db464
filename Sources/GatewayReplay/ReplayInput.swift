public import NIOCore
import PCAPWire
public import SignallingCapture
public import TelecomTypes

/// One ISUP message from the MSC towards the gateway, taken from a capture.
public struct ReplayInput: Sendable {
    /// Capture time in nanoseconds since the epoch.
    public var time: Int64
    public var frame: Int
    public var opc: PointCode
    public var dpc: PointCode
    public var networkIndicator: NetworkIndicator
    public var signallingLinkSelection: UInt8
    public var routingContext: UInt32?
    public var stream: UInt16
    public var endpoints: SignallingEndpoints?
    /// The ISUP message from the CIC on.
    public var isup: ByteBuffer

    public init(
        time: Int64, frame: Int, opc: PointCode, dpc: PointCode, networkIndicator: NetworkIndicator = .national,
        signallingLinkSelection: UInt8 = 0, routingContext: UInt32? = nil, stream: UInt16 = 1,
        endpoints: SignallingEndpoints? = nil, isup: ByteBuffer
    ) {
        self.time = time
        self.frame = frame
        self.opc = opc
        self.dpc = dpc
        self.networkIndicator = networkIndicator
        self.signallingLinkSelection = signallingLinkSelection
        self.routingContext = routingContext
        self.stream = stream
        self.endpoints = endpoints
        self.isup = isup
    }

    /// The M3UA DATA records of `records` whose destination is `gateway` and whose user part is ISUP, in order.
    /// ASP management and the other direction are left out: the link is taken as active.
    public static func extract(from records: [SignallingRecord], gateway: PointCode) -> [ReplayInput] {
        records.compactMap { record -> ReplayInput? in
            guard let isup = record.isupBytes, record.isup != nil || record.error != nil else { return nil }
            let label: (opc: UInt32, dpc: UInt32, ni: UInt8, sls: UInt8)
            if let m3ua = record.m3ua, let opc = m3ua.opc, let dpc = m3ua.dpc, m3ua.si == 5 {
                label = (opc, dpc, m3ua.ni ?? 2, m3ua.sls ?? 0)
            } else if let mtp3 = record.mtp3, mtp3.si == 5 {
                label = (mtp3.opc, mtp3.dpc, mtp3.ni, mtp3.sls)
            } else {
                return nil
            }
            guard label.dpc == gateway.value else { return nil }
            var stream: UInt16 = 1
            if case .sctp(let sctpStream, _, _) = record.carrier { stream = sctpStream }
            return ReplayInput(
                time: record.time.seconds * 1_000_000_000 + Int64(record.time.nanoseconds), frame: record.frame,
                opc: PointCode(label.opc), dpc: PointCode(label.dpc), networkIndicator: NetworkIndicator(label.ni),
                signallingLinkSelection: label.sls, routingContext: record.m3ua?.routingContext, stream: stream,
                endpoints: record.endpoints, isup: isup)
        }
    }

    /// The gateway's point code when none is configured: the destination of the first IAM in the capture (the MSC
    /// sends the forwarded call's IAM to the gateway).
    public static func guessGatewayPointCode(in records: [SignallingRecord]) -> PointCode? {
        for record in records where record.isup?.name == "IAM" {
            if let dpc = record.m3ua?.dpc ?? record.mtp3?.dpc { return PointCode(dpc) }
        }
        return nil
    }
}
