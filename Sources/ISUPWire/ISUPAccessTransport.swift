public import NIOCore
import WireSupport

/// Access transport (Q.763 §3.3): Q.931 information elements carried end to end, kept raw but iterable.
///
/// Q.931 §4.5.1: an element whose identifier has bit 8 set is a single octet; any other is identifier, length
/// and contents.
public struct ISUPAccessTransport: ISUPParameterValue {
    /// One Q.931 information element.
    public struct Element: Hashable, Sendable {
        public var identifier: UInt8
        /// The contents after the length octet; empty for a single-octet element.
        public var contents: [UInt8]

        public init(identifier: UInt8, contents: [UInt8] = []) {
            self.identifier = identifier
            self.contents = contents
        }

        /// Whether this is a single-octet element (Q.931 §4.5.1, bit 8 of the identifier set).
        public var isSingleOctet: Bool { identifier.bit(7) }
    }

    public var elements: [Element]

    public init(elements: [Element]) { self.elements = elements }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        let octets = value.isupOctets
        var elements: [Element] = []
        var index = 0
        while index < octets.count {
            let identifier = octets[index]
            if identifier.bit(7) {
                elements.append(Element(identifier: identifier))
                index += 1
                continue
            }
            guard index + 1 < octets.count else { throw .tooShort(needed: index + 2, got: octets.count) }
            let length = Int(octets[index + 1])
            guard octets.count - index - 2 >= length else {
                throw .tooShort(needed: index + 2 + length, got: octets.count)
            }
            let contents = Array(octets[(index + 2)..<(index + 2 + length)])
            elements.append(Element(identifier: identifier, contents: contents))
            index += 2 + length
        }
        self.elements = elements
    }

    public func encode(into buffer: inout ByteBuffer) {
        for element in elements {
            buffer.writeInteger(element.identifier)
            if element.isSingleOctet { continue }
            buffer.writeInteger(UInt8(clamping: element.contents.count))
            buffer.writeBytes(element.contents.prefix(255))
        }
    }
}
