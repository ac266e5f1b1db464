public import NIOCore
import WireSupport

/// Range and status (Q.763 §3.43).
///
/// ```
///   +-------------------------------+
/// 1 |            range              |   circuits affected = range + 1
///   +-------------------------------+
/// 2…| status bits, bit A of octet 2 |   one bit per circuit, CIC order; absent
///   | is the circuit of the CIC     |   in GRS and CQM
///   +-------------------------------+
/// ```
public struct ISUPRangeAndStatus: ISUPParameterValue {
    public var range: UInt8
    /// `range + 1` status bits, or `nil` when the status field is absent (GRS, CQM).
    public var status: [Bool]?

    public init(range: UInt8, status: [Bool]? = nil) {
        self.range = range
        self.status = status
    }

    /// The number of circuits the message covers.
    public var circuitCount: Int { Int(range) + 1 }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 1)
        let octets = value.isupOctets
        range = octets[0]
        guard octets.count > 1 else {
            status = nil
            return
        }
        // Q.763 §3.43: "The number of relevant status bits in a given status field is equal to range value + 1."
        let bitCount = Int(range) + 1
        let needed = (bitCount + 7) / 8
        guard octets.count - 1 == needed else {
            throw .invalidContent("status field of \(octets.count - 1) octets for range \(range)")
        }
        status = (0..<bitCount).map { octets[1 + $0 / 8].bit($0 % 8) }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(range)
        guard let status else { return }
        var octets = [UInt8](repeating: 0, count: (status.count + 7) / 8)
        for (index, set) in status.enumerated() where set { octets[index / 8] |= 1 << (index % 8) }
        buffer.writeBytes(octets)
    }
}
