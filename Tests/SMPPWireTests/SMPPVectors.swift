import NIOCore
import RerouteTestSupport

/// PDUs written by hand from SMPP 3.4 §4, and PDUs encoded by an independent implementation (the `smpp34` 1.5.0
/// codec from PyPI, `SubmitSm(...).encode()` / `DeliverSm(...).encode()`).
enum SMPPVectors {
    /// bind_transceiver #1, system_id "esme", password "pw", system_type "", interface_version 0x34, TON/NPI 0,
    /// address_range "" (§4.1.5), by hand.
    static let bindTransceiver = "0000001d 00000009 00000000 00000001 65736d6500 707700 00 34 00 00 00"
    /// bind_transceiver_resp #1, system_id "SMSC", sc_interface_version 0x34 TLV (§4.1.6), by hand.
    static let bindTransceiverResponse = "0000001a 80000009 00000000 00000001 534d534300 0210 0001 34"
    /// bind_transceiver_resp #1 ESME_RINVPASWD with no body, the shape SMSCs send on failure.
    static let bindTransceiverResponseRejected = "00000010 80000009 0000000e 00000001"
    /// enquire_link #7 and its response (§4.11), by hand.
    static let enquireLink = "00000010 00000015 00000000 00000007"
    static let enquireLinkResponse = "00000010 80000015 00000000 00000007"
    /// unbind #3, unbind_resp #3, generic_nack #5 ESME_RINVCMDID (§4.2, §4.3), by hand.
    static let unbind = "00000010 00000006 00000000 00000003"
    static let unbindResponse = "00000010 80000006 00000000 00000003"
    static let genericNack = "00000010 80000000 00000003 00000005"
    /// submit_sm_resp #2 message_id "m-42" (§4.4.2), by hand.
    static let submitSMResponse = "00000015 80000004 00000000 00000002 6d2d343200"
    /// deliver_sm_resp #7, message_id NULL (§4.6.2), by hand.
    static let deliverSMResponse = "00000011 80000005 00000000 00000007 00"
    /// alert_notification #4 from 447700900123 (TON 1, NPI 1) to ESME "Reroute" (TON 5), ms_availability_status 0
    /// (§4.12.1), by hand.
    static let alertNotification =
        "0000002e 00000102 00000000 00000004 0101 34343737303039303031323300 0500 5265726f75746500 0422 0001 00"

    /// smpp34: `SubmitSm("Reroute", "447700900123", b"Your code is 123456", source_addr_ton=5, source_addr_npi=0,
    /// dest_addr_ton=1, dest_addr_npi=1, registered_delivery=1, sequence_number=2)`.
    static let submitSM =
        "000000470000000400000000000000020005005265726f7574650001013434373730303930303132330000000000000100000013"
        + "596f757220636f646520697320313233343536"
    /// smpp34: a delivery receipt deliver_sm #7, esm_class 0x04, Appendix B text, receipted_message_id "abc123",
    /// message_state 2, and a vendor TLV 0x1403 = aa bb.
    static let deliveryReceipt =
        "000000bd000000050000000000000007000101343437373030393030313233000101343437373030393030393939000400000000"
        + "000000006e69643a616263313233207375623a30303120646c7672643a303031207375626d697420646174653a32333131323931"
        + "32303020646f6e6520646174653a3233313132393132303120737461743a44454c49565244206572723a30303020546578743a59"
        + "6f757220636f6465206973001e000761626331323300042700010214030002aabb"
    /// smpp34: deliver_sm #9, data_coding 8, "Привет 123456" in UTF-16BE.
    static let moUCS2 =
        "000000530000000500000000000000090001013434373730303930303132330000003434373730303930303939390000000000"
        + "00000008001a041f044004380432043504420020003100320033003400350036"

    static let all = [
        bindTransceiver, bindTransceiverResponse, bindTransceiverResponseRejected, enquireLink, enquireLinkResponse,
        unbind, unbindResponse, genericNack, submitSMResponse, deliverSMResponse, alertNotification, submitSM,
        deliveryReceipt, moUCS2,
    ]

    static func buffer(_ hex: String) -> ByteBuffer { ByteBuffer(hex: hex) }
}
