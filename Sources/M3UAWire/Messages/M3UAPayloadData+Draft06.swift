public import NIOCore

extension M3UAPayloadData {
    /// The embedded MTP3 message, from the SIO on (SIO, routing label, user part), of a draft-06 DATA message
    /// (Protocol Data 1 or 2; see `M3UAVariant.draft06`). `nil` for an RFC 4666 DATA message, which splits the
    /// routing label out into `protocolData`.
    public var mtp3Message: ByteBuffer? {
        parameters.firstValue { parameter in
            switch parameter {
            case .draft06ProtocolData1(let mtp3), .draft06ProtocolData2(_, let mtp3): mtp3
            default: nil
            }
        }
    }
}
