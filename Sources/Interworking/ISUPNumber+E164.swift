public import ISUPWire
public import RoutingCore
import TelecomTypes

extension ISUPNumber {
    /// This number in E.164 form, read with its nature of address (Q.763 §3.9 b): an international number is
    /// country code and national significant number already; a national (significant) number or a subscriber
    /// number gets `countryCode` in front; an unknown nature is read as dialled digits (`00` international
    /// prefix, `0` trunk prefix, as ITU-T E.164 §6.2 numbers are dialled). Network-specific and routing numbers
    /// (NoA 5–8) are not E.164 numbers: `nil`, as is anything that is not 7–15 digits.
    public func e164(countryCode: String) -> E164Number? {
        let digits = signals.digits
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Q.763 §3.9 d): only the ISDN (telephony) numbering plan (E.164) has this meaning; an absent or spare plan
        // in a called party number is read the same way.
        guard numberingPlan == .isdnTelephony || numberingPlan.rawValue == 0 else { return nil }
        switch natureOfAddress {
        case .internationalNumber:
            return try? E164Number(digits: digits)
        case .nationalNumber, .subscriberNumber:
            return try? E164Number(digits: countryCode + digits)
        case .unknown:
            return try? E164Number(parsing: digits, plan: DialingPlan(countryCode: countryCode))
        default:
            return nil
        }
    }
}
