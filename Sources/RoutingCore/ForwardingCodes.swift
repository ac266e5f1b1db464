/// The codes a subscriber dials to switch call forwarding to the C number on or off.
///
/// GSM/UMTS/LTE: supplementary service control strings of 3GPP TS 22.030 §6.5: `**` registers, `##` erases;
/// service code 004 is "all conditional call forwarding" (Annex B). CDMA: the vertical service codes `*71`
/// (forwarding on no answer/busy, followed by the number) and `*73` (cancel).
public enum ForwardingCodes {
    public static func activation(technology: CarrierTechnology, cNumber: E164Number) -> String {
        switch technology {
        case .gsm: "**004*\(cNumber)#"
        case .cdma: "*71\(cNumber)"
        }
    }

    public static func deactivation(technology: CarrierTechnology) -> String {
        switch technology {
        case .gsm: "##004#"
        case .cdma: "*73"
        }
    }
}
