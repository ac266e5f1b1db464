public import NIOCore

/// deliver_sm (SMPP 3.4 §4.6.1): a short message from the SMSC — a mobile-originated SMS, or a delivery receipt
/// when `esmClass.messageType == .smscDeliveryReceipt` (see `deliveryReceipt`).
///
/// "schedule_delivery_time ... validity_period ... replace_if_present_flag: Unused in deliver_sm. It must be set to
/// NULL": the fields are kept as received all the same.
public struct SMPPDeliverSM: SMPPShortMessage {
    public var serviceType: String = ""
    public var source: SMPPAddress
    public var destination: SMPPAddress
    public var esmClass: SMPPESMClass = .default
    public var protocolID: UInt8 = 0
    public var priorityFlag: UInt8 = 0
    public var scheduleDeliveryTime: String = ""
    public var validityPeriod: String = ""
    public var registeredDelivery: SMPPRegisteredDelivery = .none
    public var replaceIfPresentFlag: UInt8 = 0
    public var dataCoding: SMPPDataCoding = .smscDefault
    public var smDefaultMessageID: UInt8 = 0
    public var shortMessage: ByteBuffer = ByteBuffer()
    public var tlvs: [SMPPTLV] = []

    public init(source: SMPPAddress, destination: SMPPAddress) {
        self.source = source
        self.destination = destination
    }

    /// A message carrying `text` (see `setText`).
    public init(source: SMPPAddress, destination: SMPPAddress, text: String) {
        self.init(source: source, destination: destination)
        setText(text)
    }
}
