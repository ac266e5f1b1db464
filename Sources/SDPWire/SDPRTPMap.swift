/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]` (RFC 8866 §6.6).
public struct SDPRTPMap: Hashable, Sendable {
    public var payloadType: UInt8
    public var encodingName: String
    public var clockRate: UInt32
    /// For audio, the number of channels (RFC 8866 §6.6: "may be omitted if the number of channels is one").
    public var encodingParameters: String?

    public init(payloadType: UInt8, encodingName: String, clockRate: UInt32, encodingParameters: String? = nil) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.encodingParameters = encodingParameters
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = try SDPFieldError.words(value, count: 2, "rtpmap")
        let payloadType: UInt8 = try SDPFieldError.integer(words[0], "payload type")
        guard payloadType <= 127 else { throw SDPFieldError("payload type above 127") }
        let parts = words[1].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty else {
            throw SDPFieldError("rtpmap needs <encoding name>/<clock rate>")
        }
        let parameters = parts.count == 3 ? String(parts[2]) : nil
        if let parameters, parameters.isEmpty { throw SDPFieldError("empty encoding parameters") }
        self.init(
            payloadType: payloadType, encodingName: String(parts[0]),
            clockRate: try SDPFieldError.integer(parts[1], "clock rate"), encodingParameters: parameters)
    }

    /// The channel count (1 when omitted).
    public var channels: Int { encodingParameters.flatMap { Int($0) } ?? 1 }

    public var wireText: String {
        "\(payloadType) \(encodingName)/\(clockRate)" + (encodingParameters.map { "/\($0)" } ?? "")
    }
}

/// `a=fmtp:<format> <format specific parameters>` (RFC 8866 §6.15).
public struct SDPFormatParameters: Hashable, Sendable {
    public var format: String
    public var parameters: String

    public init(format: String, parameters: String) {
        self.format = format
        self.parameters = parameters
    }

    init(parsing value: String) throws(SDPFieldError) {
        guard let space = value.firstIndex(of: " "), space != value.startIndex else {
            throw SDPFieldError("fmtp needs <format> <parameters>")
        }
        self.init(format: String(value[..<space]), parameters: String(value[value.index(after: space)...]))
    }

    /// The `name=value` pairs of the common `;`-separated form (e.g. `annexb=no`, `useinbandfec=1`).
    public var pairs: [String: String] {
        var out: [String: String] = [:]
        for item in parameters.split(separator: ";") {
            let trimmed = item.trimmingSpaces
            if let equals = trimmed.firstIndex(of: "=") {
                out[String(trimmed[..<equals]).lowercased()] = String(trimmed[trimmed.index(after: equals)...])
            } else {
                out[trimmed.lowercased()] = ""
            }
        }
        return out
    }

    public var wireText: String { "\(format) \(parameters)" }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
