/// A frame whose link, network or transport header is malformed.
///
/// Carries the layer, the reason, and where it was thrown (`#fileID`/`#line`) so a dissector can report
/// "frame 12: IPv4 header length 4 below 5" and move on.
public struct PacketDecodingError: Error, Sendable, CustomStringConvertible {
    /// The header being decoded.
    public enum Layer: String, Hashable, Sendable {
        case ethernet, pppoe, ppp, linuxSLL, linuxSLL2, loopback, mtp2, ipv4, ipv6, ipv6Extension, udp, tcp
    }

    /// What is wrong with it.
    public enum Reason: Hashable, Sendable {
        /// Fewer bytes than the header (or the length it declares) needs.
        case truncated(needed: Int, available: Int)
        /// The IP version nibble is not the expected one.
        case invalidVersion(UInt8)
        /// A header length field below the fixed header (IPv4 IHL < 5, TCP data offset < 5).
        case invalidHeaderLength(Int)
        /// A total-length field smaller than the header it counts (IPv4 total length, UDP length).
        case invalidLengthField(Int)
    }

    public var layer: Layer
    public var reason: Reason
    public var file: String
    public var line: Int

    public init(_ layer: Layer, _ reason: Reason, file: String = #fileID, line: Int = #line) {
        self.layer = layer
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String {
        switch reason {
        case .truncated(let needed, let available): "\(layer): truncated (\(needed) bytes needed, \(available) available)"
        case .invalidVersion(let version): "\(layer): unexpected IP version \(version)"
        case .invalidHeaderLength(let length): "\(layer): invalid header length \(length)"
        case .invalidLengthField(let length): "\(layer): invalid length field \(length)"
        }
    }
}
