/// The esm_class field (SMPP 3.4 §5.2.12): messaging mode (bits 1–0), message type (bits 5–2) and GSM network
/// features (bits 7–6). Any octet round-trips.
public struct SMPPESMClass: Hashable, Sendable {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// Messaging mode, bits 1–0.
    public struct MessagingMode: Hashable, Sendable {
        public var rawValue: UInt8
        public init(_ rawValue: UInt8) { self.rawValue = rawValue & 0x03 }
        /// "Default SMSC Mode (e.g. Store and Forward)".
        public static let `default` = MessagingMode(0)
        public static let datagram = MessagingMode(1)
        /// "Forward (i.e. Transaction) mode".
        public static let forward = MessagingMode(2)
        public static let storeAndForward = MessagingMode(3)
    }

    /// Message type, bits 5–2 (the values below are already shifted into place).
    public struct MessageType: Hashable, Sendable {
        public var rawValue: UInt8
        public init(_ rawValue: UInt8) { self.rawValue = rawValue & 0x3C }
        /// "Default message Type (i.e. normal message)".
        public static let normal = MessageType(0x00)
        /// xx0001xx "Short Message contains SMSC Delivery Receipt" (deliver_sm).
        public static let smscDeliveryReceipt = MessageType(0x04)
        /// xx0010xx "Short Message contains SME Delivery Acknowledgement".
        public static let smeDeliveryAcknowledgement = MessageType(0x08)
        /// xx0100xx "Short Message contains SME Manual/User Acknowledgement".
        public static let smeManualAcknowledgement = MessageType(0x10)
        /// xx0110xx "Short Message contains Conversation Abort (Korean CDMA)".
        public static let conversationAbort = MessageType(0x18)
        /// xx1000xx "Short Message contains Intermediate Delivery Notification".
        public static let intermediateDeliveryNotification = MessageType(0x20)
    }

    /// Bit 6: "UDHI Indicator (only relevant for MT short messages)".
    public static let udhiIndicator: UInt8 = 0x40
    /// Bit 7: "Set Reply Path (only relevant for GSM network)".
    public static let replyPath: UInt8 = 0x80

    public var messagingMode: MessagingMode {
        get { MessagingMode(rawValue & 0x03) }
        set { rawValue = (rawValue & ~0x03) | newValue.rawValue }
    }

    public var messageType: MessageType {
        get { MessageType(rawValue & 0x3C) }
        set { rawValue = (rawValue & ~0x3C) | newValue.rawValue }
    }

    /// Whether the short message starts with a User Data Header (GSM 03.40).
    public var hasUserDataHeader: Bool {
        get { rawValue & Self.udhiIndicator != 0 }
        set { rawValue = newValue ? rawValue | Self.udhiIndicator : rawValue & ~Self.udhiIndicator }
    }

    public static let `default` = SMPPESMClass(0)
}
