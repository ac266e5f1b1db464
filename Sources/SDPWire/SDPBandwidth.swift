/// A bandwidth field (RFC 8866 §5.8): `b=<bwtype>:<bandwidth>`.
///
/// `AS` is in kilobits per second (RFC 8866 §5.8); `TIAS` is in bits per second, without IP/UDP overhead
/// (RFC 3890 §6.2); `CT`, `RS`, `RR` (RFC 3556) and unknown types are kept.
public struct SDPBandwidth: Hashable, Sendable {
    public var type: String
    public var value: UInt64

    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }

    public static func applicationSpecific(kbps: UInt64) -> SDPBandwidth { SDPBandwidth(type: "AS", value: kbps) }
    public static func transportIndependent(bps: UInt64) -> SDPBandwidth { SDPBandwidth(type: "TIAS", value: bps) }

    init(parsing value: String) throws(SDPFieldError) {
        guard let colon = value.firstIndex(of: ":"), colon != value.startIndex else {
            throw SDPFieldError("bandwidth needs <bwtype>:<bandwidth>")
        }
        let type = String(value[..<colon])
        guard type.utf8.allSatisfy(SDPToken.isTokenByte) else { throw SDPFieldError("bwtype is not a token") }
        self.init(type: type, value: try SDPFieldError.integer(value[value.index(after: colon)...], "bandwidth"))
    }

    public var wireText: String { "\(type):\(value)" }
}

/// A timing field (RFC 8866 §5.9): `t=<start-time> <stop-time>` (NTP seconds, 0 = unbounded).
public struct SDPTiming: Hashable, Sendable {
    public var start: UInt64
    public var stop: UInt64

    public init(start: UInt64 = 0, stop: UInt64 = 0) {
        self.start = start
        self.stop = stop
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = try SDPFieldError.words(value, count: 2, "timing")
        self.init(
            start: try SDPFieldError.integer(words[0], "start"), stop: try SDPFieldError.integer(words[1], "stop"))
    }

    public var wireText: String { "\(start) \(stop)" }
}

/// The RFC 8866 §9 `token` characters.
enum SDPToken {
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x30...0x39, 0x41...0x5A, 0x5E...0x7E: true
        default: false
        }
    }
}
