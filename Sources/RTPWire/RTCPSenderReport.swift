import NIOCore

/// Sender report, RTCP packet type 200 (RFC 3550 §6.4.1).
///
/// ```
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report blocks (RC × 24 octets)                |
/// |                  profile-specific extensions                  |
/// ```
public struct RTCPSenderReport: Hashable, Sendable {
    public static let packetType = RTCPPacketType.senderReport

    public var ssrc: UInt32
    public var ntpTimestamp: NTPTimestamp
    public var rtpTimestamp: UInt32
    public var packetCount: UInt32
    public var octetCount: UInt32
    /// At most 31 (RC has 5 bits).
    public var reports: [RTCPReportBlock]
    /// Profile-specific extension octets, kept raw (a multiple of 4).
    public var profileExtension: [UInt8]

    public init(
        ssrc: UInt32, ntpTimestamp: NTPTimestamp, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32,
        reports: [RTCPReportBlock] = [], profileExtension: [UInt8] = []
    ) {
        precondition(reports.count <= 31, "RC has 5 bits")
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reports = reports
        self.profileExtension = profileExtension
    }

    var count: UInt8 { UInt8(reports.count) }

    func encodeBody(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(ssrc, ntpTimestamp.rawValue, rtpTimestamp, packetCount, octetCount)
        for report in reports { report.encode(into: &buffer) }
        buffer.writeBytes(profileExtension)
    }

    static func decode(count: UInt8, body: ByteBuffer, packet: ByteBuffer) throws(RTPDecodingError) -> Self {
        var body = body
        guard
            let (ssrc, ntp, rtp, packets, octets) = body.readMultipleIntegers(
                as: (UInt32, UInt64, UInt32, UInt32, UInt32).self),
            body.readableBytes >= Int(count) * RTCPReportBlock.length
        else { throw RTPDecodingError(.malformedBody("SR shorter than its \(count) report blocks"), bytes: packet) }
        let reports = (0..<Int(count)).map { _ in RTCPReportBlock.read(from: &body)! }
        return RTCPSenderReport(
            ssrc: ssrc, ntpTimestamp: NTPTimestamp(rawValue: ntp), rtpTimestamp: rtp, packetCount: packets,
            octetCount: octets, reports: reports, profileExtension: body.readableBytesView.map { $0 })
    }
}
