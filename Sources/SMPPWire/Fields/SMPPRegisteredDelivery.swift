/// The registered_delivery field (SMPP 3.4 §5.2.17): which receipts and acknowledgements the ESME asks for.
public struct SMPPRegisteredDelivery: Hashable, Sendable {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// Bits 1–0 = 00: "No SMSC Delivery Receipt requested (default)".
    public static let none = SMPPRegisteredDelivery(0x00)
    /// Bits 1–0 = 01: "SMSC Delivery Receipt requested where final delivery outcome is delivery success or failure".
    public static let receiptOnSuccessOrFailure = SMPPRegisteredDelivery(0x01)
    /// Bits 1–0 = 10: "SMSC Delivery Receipt requested where the final delivery outcome is delivery failure".
    public static let receiptOnFailure = SMPPRegisteredDelivery(0x02)

    /// Bits 1–0: the SMSC delivery receipt request.
    public var smscDeliveryReceipt: UInt8 { rawValue & 0x03 }
    /// Bits 3–2: the SME originated acknowledgement request.
    public var smeAcknowledgement: UInt8 { (rawValue >> 2) & 0x03 }
    /// Bit 4: "Intermediate notification requested".
    public var intermediateNotification: Bool { rawValue & 0x10 != 0 }
}
