import MediaSecurity
import SDPNegotiation

/// Plain RTP and RTCP packets built byte by byte from the RFC 3550 diagrams (§5.1, §6.4.2, §6.5).
enum SRTPPackets {
    /// RTP, V=2, PT 8 (PCMA), no CSRC; `payload` 160 bytes of a pattern derived from `sequence`.
    static func rtp(sequence: UInt16, timestamp: UInt32, ssrc: UInt32, payloadLength: Int = 160) -> [UInt8] {
        var packet: [UInt8] = [0x80, 0x08, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        packet += bytes(timestamp) + bytes(ssrc)
        packet += (0..<payloadLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(sequence)) }
        return packet
    }

    /// An RTCP compound packet: RR without report blocks + SDES with one CNAME chunk (RFC 3550 §6.1).
    static func rtcp(ssrc: UInt32, cname: String = "reroute@127.0.0.1") -> [UInt8] {
        var packet: [UInt8] = [0x80, 201, 0x00, 0x01] + bytes(ssrc)
        var item: [UInt8] = bytes(ssrc) + [1, UInt8(cname.utf8.count)] + Array(cname.utf8)
        while item.count % 4 != 0 || item.count == 4 + 2 + cname.utf8.count { item.append(0) }  // null-terminated
        packet += [0x81, 202, 0x00, UInt8(item.count / 4)] + item
        return packet
    }

    static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// The RFC 3711 Appendix B.3 master key and salt, as an SDES key of `suite` (AEAD_AES_128_GCM's 96-bit salt:
    /// its first 12 octets).
    static func appendixB3(_ suite: SDESCryptoSuite) -> SDESKey {
        SDESKey(
            suite: suite, masterKey: hex("E1F97A0D3E018BE0D64FA32C06DE4139"),
            masterSalt: Array(hex("0EC675AD498AFEEBB6960B3AABE6").prefix(suite.saltLength)))
    }

    static func hex(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            out.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
