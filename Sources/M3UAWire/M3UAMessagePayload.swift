/// What every M3UA message payload struct shares: its class and type codes and its ordered parameter list.
///
/// The parameters stay in the order they were received (or built), unknown ones included, so that
/// `encode(decode(bytes)) == bytes` (RFC 4666 §3.2 does not fix an order, and peers differ).
public protocol M3UAMessagePayload: Hashable, Sendable {
    /// The message class (RFC 4666 §3.1.2).
    static var messageClass: M3UAMessageClass { get }
    /// The message type within the class (RFC 4666 §3.1.2).
    static var messageType: UInt8 { get }
    /// The abbreviation tshark shows in its Info column (e.g. `ASPAC_ACK`).
    static var abbreviation: String { get }
    /// The parameters, in wire order.
    var parameters: [M3UAParameter] { get set }
    init(parameters: [M3UAParameter])
}

extension M3UAMessagePayload {
    /// Parameters whose tags the codec does not interpret, in wire order.
    public var unknownParameters: [M3UAParameter] {
        parameters.filter { if case .unknown = $0 { true } else { false } }
    }
}

extension Array where Element == M3UAParameter {
    /// The first parameter for which `extract` returns a value.
    @inlinable
    func firstValue<T>(_ extract: (M3UAParameter) -> T?) -> T? {
        for parameter in self {
            if let value = extract(parameter) { return value }
        }
        return nil
    }

    /// Replaces every parameter with `tag` by `replacement` (at the first one's position, or appended), or removes
    /// them when `replacement` is empty.
    mutating func replace(_ tag: M3UAParameterTag, with replacement: [M3UAParameter]) {
        let position = firstIndex { $0.tag == tag } ?? endIndex
        let before = self[..<position].filter { $0.tag != tag }
        let after = self[position...].filter { $0.tag != tag }
        self = before + replacement + after
    }
}
