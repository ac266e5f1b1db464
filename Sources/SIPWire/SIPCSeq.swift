/// The CSeq header (RFC 3261 §20.16): `CSeq = 1*DIGIT LWS Method`.
public struct SIPCSeq: Hashable, Sendable, CustomStringConvertible {
    public var sequence: UInt32
    public var method: SIPMethod

    public init(sequence: UInt32, method: SIPMethod) {
        self.sequence = sequence
        self.method = method
    }

    public var description: String { "\(sequence) \(method.rawValue)" }

    /// RFC 3261 §8.1.1.5: "The sequence number value MUST be expressible as a 32-bit unsigned integer and MUST be less
    /// than 2**31."
    init(parsing text: String) throws(SIPSyntaxError) {
        var scanner = SIPScanner(text)
        scanner.skipWhitespace()
        let digits = scanner.span(while: SIPGrammar.isDigit)
        guard !digits.isEmpty, digits.count <= 10, let value = UInt64(String(decoding: digits, as: UTF8.self)),
            value < 1 << 31
        else { throw SIPSyntaxError("CSeq number is not below 2**31") }
        guard scanner.peek().map(SIPGrammar.isWhitespace) == true else { throw SIPSyntaxError("CSeq without a method") }
        scanner.skipWhitespace()
        let method = try scanner.requireToken("the CSeq method")
        try scanner.requireEnd("CSeq")
        self.init(sequence: UInt32(value), method: SIPMethod(rawValue: method))
    }
}
