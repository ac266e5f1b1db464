public import NIOCore
public import TelecomTypes

/// One ISUP message (ITU-T Q.763 §1): circuit, message type and parameters.
///
/// One generic struct serves all 48 recognised message types: the mandatory parts come from the
/// ``ISUPMessageLayout`` table, so adding a message is one table row, not a new type. Parameters are kept as
/// ``ISUPParameter`` (code + octets) and typed views are decoded on demand (`calledPartyNumber`,
/// `causeIndicators`, …). A message whose type has no layout (unknown, or PAM/CRG whose body is not a parameter
/// structure) keeps its whole body in ``extraOctets`` and re-encodes byte for byte.
public struct ISUPMessage: Hashable, Sendable, CustomStringConvertible {
    public var variant: ISUPVariant
    public var cic: CircuitIdentificationCode
    /// The spare bits above the CIC in the second CIC octet (Q.763 §1.2), kept so a message re-encodes unchanged.
    public var cicSpareBits: UInt8
    public var type: ISUPMessageType
    /// The mandatory fixed then mandatory variable parameters, in the order of the layout table.
    public var mandatory: [ISUPParameter]
    /// The optional part: `nil` when the pointer is 0 or the message has no optional part; `[]` when the pointer
    /// leads to a lone end-of-optional-parameters octet (some exchanges send that, see `m3ua_isup.cap`).
    public var optional: [ISUPParameter]?
    /// Octets not described by the layout: the whole body of a raw message, or octets after the last parameter
    /// of a structured one (e.g. a frame check sequence left in a rebuilt trace).
    public var extraOctets: ByteBuffer

    /// A message with the given parts. Missing mandatory parameters are encoded as zeros / empty values.
    public init(
        cic: CircuitIdentificationCode,
        type: ISUPMessageType,
        mandatory: [ISUPParameter] = [],
        optional: [ISUPParameter]? = nil,
        extraOctets: ByteBuffer = ByteBuffer(),
        cicSpareBits: UInt8 = 0,
        variant: ISUPVariant = .itu
    ) {
        self.variant = variant
        self.cic = cic
        self.cicSpareBits = cicSpareBits
        self.type = type
        self.mandatory = mandatory
        self.optional = optional
        self.extraOctets = extraOctets
    }

    /// The layout of this message's type, if recognised.
    public var layout: ISUPMessageLayout? { ISUPMessageLayout.layout(for: type) }

    /// Whether the body is kept raw (unknown message type, PAM or CRG).
    public var isRaw: Bool { layout.map(\.isOpaque) ?? true }

    /// All parameters, mandatory first then optional.
    public var parameters: [ISUPParameter] { mandatory + (optional ?? []) }

    /// The first parameter with `code`, mandatory or optional.
    public func parameter(_ code: ISUPParameterCode) -> ISUPParameter? {
        mandatory.first { $0.code == code } ?? optional?.first { $0.code == code }
    }

    /// Sets a parameter: replaces it where it is, else adds it to the mandatory part if the layout lists it,
    /// else appends it to the optional part.
    public mutating func setParameter(_ parameter: ISUPParameter) {
        if let index = mandatory.firstIndex(where: { $0.code == parameter.code }) {
            mandatory[index] = parameter
        } else if layout?.mandatoryCodes.contains(parameter.code) == true {
            mandatory.append(parameter)
        } else if let index = optional?.firstIndex(where: { $0.code == parameter.code }) {
            optional?[index] = parameter
        } else {
            optional = (optional ?? []) + [parameter]
        }
    }

    /// Sets a parameter from a typed value.
    public mutating func setParameter(_ code: ISUPParameterCode, to value: some ISUPParameterValue) {
        setParameter(ISUPParameter(code: code, value))
    }

    /// Removes an optional parameter.
    public mutating func removeOptionalParameter(_ code: ISUPParameterCode) {
        optional?.removeAll { $0.code == code }
    }

    public var description: String {
        "\(type.name) CIC \(cic) " + parameters.map(\.description).joined(separator: " ")
    }
}
