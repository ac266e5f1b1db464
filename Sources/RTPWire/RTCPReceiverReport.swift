import NIOCore

/// Receiver report, RTCP packet type 201 (RFC 3550 §6.4.2).
///
/// ```
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// |                     SSRC of packet sender                     |
/// |                 report blocks (RC × 24 octets)                |
/// |                  profile-specific extensions                  |
/// ```
public struct RTCPReceiverReport: Hashable, Sendable {
    public static let packetType = RTCPPacketType.receiverReport

    public var ssrc: UInt32
    /// At most 31 (RC has 5 bits).
    public var reports: [RTCPReportBlock]
    public var profileExtension: [UInt8]

    public init(ssrc: UInt32, reports: [RTCPReportBlock] = [], profileExtension: [UInt8] = []) {
        precondition(reports.count <= 31, "RC has 5 bits")
        self.ssrc = ssrc
        self.reports = reports
        self.profileExtension = profileExtension
    }

    var count: UInt8 { UInt8(reports.count) }

    func encodeBody(into buffer: inout ByteBuffer) {
        buffer.writeInteger(ssrc)
        for report in reports { report.encode(into: &buffer) }
        buffer.writeBytes(profileExtension)
    }

    static func decode(count: UInt8, body: ByteBuffer, packet: ByteBuffer) throws(RTPDecodingError) -> Self {
        var body = body
        guard let ssrc = body.readInteger(as: UInt32.self), body.readableBytes >= Int(count) * RTCPReportBlock.length
        else { throw RTPDecodingError(.malformedBody("RR shorter than its \(count) report blocks"), bytes: packet) }
        let reports = (0..<Int(count)).map { _ in RTCPReportBlock.read(from: &body)! }
        return RTCPReceiverReport(ssrc: ssrc, reports: reports, profileExtension: body.readableBytesView.map { $0 })
    }
}
