/// The RTP header extension (RFC 3550 §5.3.1): a 16-bit profile-defined value and a body whose length is a
/// multiple of four octets. The body is kept raw (RFC 8285 elements are parsed by whoever negotiated them).
///
/// ```
///  0                   1                   2                   3
/// |      defined by profile       |           length              |
/// |                        header extension                       |
/// ```
public struct RTPHeaderExtension: Hashable, Sendable {
    public var profile: UInt16
    /// The extension body; its length must be a multiple of 4 (the length field counts 32-bit words).
    public var data: [UInt8]

    public init(profile: UInt16, data: [UInt8]) {
        precondition(data.count % 4 == 0 && data.count / 4 <= Int(UInt16.max), "extension body is 32-bit words")
        self.profile = profile
        self.data = data
    }
}
