/// The parts of one ISUP message type: the layout table of ITU-T Q.763 §4 (Tables 32–56), declared once and
/// read by the one generic decoder and encoder.
///
/// ```
/// +---------------------------------+
/// | CIC (2) | message type (1)      |  Q.763 §1.2, §1.3
/// | mandatory fixed part            |  fixed lengths, fixed order
/// | pointers: one per variable      |  Q.763 §1.5: octets from the pointer to the
/// |   parameter, then one to the    |  parameter's length indicator
/// |   optional part (0 = none)      |
/// | mandatory variable part         |  length indicator + value
/// | optional part                   |  name, length, value ... 0x00 (Q.763 §1.6–§1.8)
/// +---------------------------------+
/// ```
public struct ISUPMessageLayout: Sendable {
    /// A mandatory fixed parameter and its length in octets.
    public struct Fixed: Sendable {
        public var code: ISUPParameterCode
        public var length: Int
    }

    /// A mandatory variable parameter and its minimum value length (the table's "V n–?" minus the length octet).
    public struct Variable: Sendable {
        public var code: ISUPParameterCode
        public var minimumLength: Int
    }

    public var fixed: [Fixed]
    public var variable: [Variable]
    /// Whether the message has a pointer to an optional part.
    public var hasOptionalPart: Bool
    /// The body is not a parameter structure and is kept raw (PAM embeds a message; CRG is national, Q.763 §4).
    public var isOpaque: Bool

    init(fixed: [Fixed] = [], variable: [Variable] = [], optional: Bool, opaque: Bool = false) {
        self.fixed = fixed
        self.variable = variable
        self.hasOptionalPart = optional
        self.isOpaque = opaque
    }

    /// The codes of the mandatory parameters, fixed then variable.
    public var mandatoryCodes: [ISUPParameterCode] { fixed.map(\.code) + variable.map(\.code) }

    /// The layout of `type`, or `nil` when the type is not recognised.
    public static func layout(for type: ISUPMessageType) -> ISUPMessageLayout? {
        table[type.rawValue]
    }

    private typealias P = ISUPParameterCode
    private static let optionalOnly = ISUPMessageLayout(optional: true)
    private static let typeOnly = ISUPMessageLayout(optional: false)
    private static let bci = ISUPMessageLayout(
        fixed: [Fixed(code: P.backwardCallIndicators, length: 2)], optional: true)
    private static let cause = ISUPMessageLayout(
        variable: [Variable(code: P.causeIndicators, minimumLength: 2)], optional: true)
    private static let rangeOnly = ISUPMessageLayout(
        variable: [Variable(code: P.rangeAndStatus, minimumLength: 1)], optional: false)
    private static let groupSupervision = ISUPMessageLayout(
        fixed: [Fixed(code: P.circuitGroupSupervisionMessageType, length: 1)],
        variable: [Variable(code: P.rangeAndStatus, minimumLength: 1)], optional: false)
    private static let facilityIndicator = ISUPMessageLayout(
        fixed: [Fixed(code: P.facilityIndicator, length: 1)], optional: true)
    private static let suspendResume = ISUPMessageLayout(
        fixed: [Fixed(code: P.suspendResumeIndicators, length: 1)], optional: true)

    /// Q.763 §4, indexed by message type code.
    private static let table: [UInt8: ISUPMessageLayout] = [
        // Table 32: IAM.
        0x01: ISUPMessageLayout(
            fixed: [
                Fixed(code: P.natureOfConnectionIndicators, length: 1),
                Fixed(code: P.forwardCallIndicators, length: 2),
                Fixed(code: P.callingPartysCategory, length: 1),
                Fixed(code: P.transmissionMediumRequirement, length: 1),
            ],
            variable: [Variable(code: P.calledPartyNumber, minimumLength: 3)], optional: true),
        // SAM: "Subsequent number V 3–?".
        0x02: ISUPMessageLayout(variable: [Variable(code: P.subsequentNumber, minimumLength: 2)], optional: true),
        0x03: ISUPMessageLayout(fixed: [Fixed(code: P.informationRequestIndicators, length: 2)], optional: true),
        0x04: ISUPMessageLayout(fixed: [Fixed(code: P.informationIndicators, length: 2)], optional: true),
        0x05: ISUPMessageLayout(fixed: [Fixed(code: P.continuityIndicators, length: 1)], optional: false),
        0x06: bci, 0x07: bci,
        0x08: optionalOnly, 0x09: optionalOnly,
        0x0C: cause,
        0x0D: suspendResume, 0x0E: suspendResume,
        0x10: optionalOnly,
        // Circuit supervision messages made of the message type only.
        0x11: typeOnly, 0x12: typeOnly, 0x13: typeOnly, 0x14: typeOnly, 0x15: typeOnly, 0x16: typeOnly,
        0x24: typeOnly, 0x2E: typeOnly, 0x30: typeOnly,
        // GRS, GRA, CQM: range and status only (status absent in GRS and CQM).
        0x17: rangeOnly, 0x29: rangeOnly, 0x2A: rangeOnly,
        0x18: groupSupervision, 0x19: groupSupervision, 0x1A: groupSupervision, 0x1B: groupSupervision,
        0x1F: facilityIndicator, 0x20: facilityIndicator,
        0x21: ISUPMessageLayout(
            fixed: [Fixed(code: P.facilityIndicator, length: 1)],
            variable: [Variable(code: P.causeIndicators, minimumLength: 2)], optional: true),
        0x28: ISUPMessageLayout(optional: false, opaque: true),
        0x2B: ISUPMessageLayout(
            variable: [
                Variable(code: P.rangeAndStatus, minimumLength: 1),
                Variable(code: P.circuitStateIndicator, minimumLength: 1),
            ], optional: false),
        0x2C: ISUPMessageLayout(fixed: [Fixed(code: P.eventInformation, length: 1)], optional: true),
        0x2D: ISUPMessageLayout(
            variable: [Variable(code: P.userToUserInformation, minimumLength: 1)], optional: true),
        0x2F: cause,
        0x31: ISUPMessageLayout(optional: false, opaque: true),
        // NRM, FAC, UPT, UPA, IDR, IRS, SGM, LPP, APM, PRI: optional part only.
        0x32: optionalOnly, 0x33: optionalOnly, 0x34: optionalOnly, 0x35: optionalOnly, 0x36: optionalOnly,
        0x37: optionalOnly, 0x38: optionalOnly, 0x40: optionalOnly, 0x41: optionalOnly, 0x42: optionalOnly,
    ]
}
