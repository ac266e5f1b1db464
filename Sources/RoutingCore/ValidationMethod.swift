/// How a user proves that they hold the SIM of a number (the mission's four mechanisms; the first one comes in two
/// deliveries, so five methods).
public enum ValidationMethod: String, Hashable, Sendable, CaseIterable {
    /// A code sent by SMS (SMPP 3.4 `submit_sm`) and typed back into the app.
    case smsCode = "sms_code"
    /// A code spoken in an outbound call (OBD) and typed back into the app.
    case callCode = "call_code"
    /// An SMS from Reroute carrying the code, read from the SIM's inbox by the app and sent back: the proof is that
    /// the message reached the phone holding that SIM (the text is in the SMS Retriever form, `<#>` first).
    case smsReceived = "sms_received"
    /// An SMS from the phone to a predetermined number carrying the code: an incoming `deliver_sm` whose source
    /// address is the number proves possession.
    case smsFromPhone = "sms_from_phone"
    /// A missed call from the phone to the validation number: an incoming IAM whose calling party number is the
    /// number; the gateway releases it unanswered (Q.850 cause 21, call rejected).
    case missedCall = "missed_call"

    /// True when the user finishes the attempt by typing (or the app reading) the code.
    public var confirmedByCode: Bool {
        switch self {
        case .smsCode, .callCode, .smsReceived: true
        case .smsFromPhone, .missedCall: false
        }
    }
}

/// A six-digit one-time code.
public struct ValidationCode: Hashable, Sendable, CustomStringConvertible {
    public let digits: String

    /// Draws a code uniformly from 000000–999999 using an injected generator.
    public init<G: RandomNumberGenerator>(using generator: inout G) {
        digits = String(UInt32.random(in: 0..<1_000_000, using: &generator)).leftPadded(to: 6)
    }

    /// A code typed by the user or read back from storage: exactly six ASCII digits.
    public init?(_ text: String) {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        digits = text
    }

    /// Finds the first run of exactly six consecutive digits in a message text (for SMS sent from the phone).
    public static func find(in text: String) -> ValidationCode? {
        var run = ""
        for character in text + " " {
            if character.isASCII, character.isNumber {
                run.append(character)
            } else {
                if run.count == 6 { return ValidationCode(run) }
                run = ""
            }
        }
        return nil
    }

    public var description: String { digits }

    /// Equality without an early exit.
    public func matches(_ other: ValidationCode) -> Bool {
        constantTimeEqual(Array(digits.utf8), Array(other.digits.utf8))
    }
}
