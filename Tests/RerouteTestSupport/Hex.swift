public import NIOCore
import WireSupport

extension ByteBuffer {
    /// A buffer from hex text; spaces, newlines and `|` separators are ignored. Traps on bad hex (test input only).
    public init(hex: String) {
        let cleaned = hex.filter { $0.isHexDigit }
        precondition(cleaned.count % 2 == 0, "odd number of hex digits")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cleaned.count / 2)
        var iterator = cleaned.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(UInt8(String([high, low]), radix: 16)!)
        }
        self.init(bytes: bytes)
    }

    /// The readable bytes as lower-case hex, no separators.
    public var hex: String {
        readableBytesArray.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
