/// A media description (RFC 8866 §5.14): `m=<media> <port>[/<number of ports>] <proto> <fmt> ...` and the lines
/// up to the next `m=`.
public struct SDPMediaDescription: Hashable, Sendable {
    /// `audio`, `video`, `text`, `application`, `message` or an extension.
    public var media: String
    /// 0 marks a rejected or disabled stream (RFC 3264 §6).
    public var port: UInt16
    public var numberOfPorts: UInt16?
    /// `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF`...
    public var proto: String
    /// Payload type numbers for RTP profiles, in preference order (RFC 3264 §5.1).
    public var formats: [String]
    public var otherLines: [SDPLine]
    public var connections: [SDPConnection]
    public var bandwidths: [SDPBandwidth]
    public var attributes: [SDPAttribute]

    public init(
        media: String = "audio", port: UInt16, numberOfPorts: UInt16? = nil, proto: String = "RTP/AVP",
        formats: [String], otherLines: [SDPLine] = [], connections: [SDPConnection] = [],
        bandwidths: [SDPBandwidth] = [], attributes: [SDPAttribute] = []
    ) {
        self.media = media
        self.port = port
        self.numberOfPorts = numberOfPorts
        self.proto = proto
        self.formats = formats
        self.otherLines = otherLines
        self.connections = connections
        self.bandwidths = bandwidths
        self.attributes = attributes
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = try SDPFieldError.words(value, atLeast: 4, "media")
        let portParts = words[1].split(separator: "/", omittingEmptySubsequences: false)
        guard portParts.count <= 2 else { throw SDPFieldError("port/number of ports") }
        self.init(
            media: words[0], port: try SDPFieldError.integer(portParts[0], "port"),
            numberOfPorts: portParts.count == 2 ? try SDPFieldError.integer(portParts[1], "number of ports") : nil,
            proto: words[2], formats: Array(words[3...]))
        if proto.hasPrefix("RTP/") || proto.contains("/RTP/") {
            // RFC 8866 §5.14: for RTP profiles "the <fmt> sub-fields contain RTP payload type numbers".
            for format in formats {
                let number: UInt8 = try SDPFieldError.integer(format, "payload type")
                guard number <= 127 else { throw SDPFieldError("payload type above 127") }
            }
        }
    }

    var mediaLineText: String {
        "\(media) \(port)" + (numberOfPorts.map { "/\($0)" } ?? "") + " \(proto) " + formats.joined(separator: " ")
    }

    // MARK: - Typed views

    /// The values of every attribute so named, in order.
    public func attributeValues(_ name: String) -> [String] {
        attributes.filter { $0.name == name }.map { $0.value ?? "" }
    }

    /// Whether a property attribute (`a=rtcp-mux`, `a=ice-lite`) is present.
    public func hasAttribute(_ name: String) -> Bool { attributes.contains { $0.name == name } }

    public var rtpMaps: [SDPRTPMap] { attributeValues("rtpmap").compactMap { try? SDPRTPMap(parsing: $0) } }

    public var formatParameters: [SDPFormatParameters] {
        attributeValues("fmtp").compactMap { try? SDPFormatParameters(parsing: $0) }
    }

    public func rtpMap(for payloadType: UInt8) -> SDPRTPMap? { rtpMaps.first { $0.payloadType == payloadType } }

    public func formatParameters(for format: String) -> SDPFormatParameters? {
        formatParameters.first { $0.format == format }
    }

    /// `a=ptime` in milliseconds (RFC 8866 §6.4).
    public var packetTime: UInt32? { attributeValues("ptime").first.flatMap { UInt32($0) } }
    /// `a=maxptime` in milliseconds (RFC 8866 §6.5).
    public var maximumPacketTime: UInt32? { attributeValues("maxptime").first.flatMap { UInt32($0) } }

    /// The media-level direction attribute, nil when absent (RFC 8866 §6.7: then the session level, else sendrecv).
    public var direction: SDPDirection? {
        attributes.lazy.compactMap { SDPDirection(rawValue: $0.name) }.first
    }

    /// `a=rtcp-mux` (RFC 5761 §5.1.1).
    public var rtcpMux: Bool { hasAttribute("rtcp-mux") }
    /// `a=rtcp` (RFC 3605).
    public var rtcp: SDPRTCPAddress? { attributeValues("rtcp").first.flatMap { try? SDPRTCPAddress(parsing: $0) } }
    public var candidates: [SDPCandidate] {
        attributeValues("candidate").compactMap { try? SDPCandidate(parsing: $0) }
    }
    public var cryptos: [SDPCrypto] { attributeValues("crypto").compactMap { try? SDPCrypto(parsing: $0) } }
    public var iceUsernameFragment: String? { attributeValues("ice-ufrag").first }
    public var icePassword: String? { attributeValues("ice-pwd").first }

    /// Replaces the direction attribute (or adds one).
    public mutating func setDirection(_ direction: SDPDirection) {
        attributes.removeAll { SDPDirection(rawValue: $0.name) != nil }
        attributes.append(SDPAttribute(direction.rawValue))
    }
}
