import CSRTP
public import SDPNegotiation
public import SDPWire

/// The SRTP/SRTCP state of one RTP leg (RFC 3711; AEAD_AES_128_GCM per RFC 7714): one libsrtp session keyed with
/// our SDES key for what we send, one keyed with the peer's for what we receive (RFC 4568 §6.1: each side sends
/// with the key it put in its own `a=crypto` line). Works with rtcp-mux: RTP and RTCP go through separate calls,
/// and the caller tells them apart from the unencrypted first two bytes (RFC 5761 §4).
///
/// Owns the C state (freed on deinit). Not thread-safe: confine one context to one thread (the leg's event loop);
/// `@unchecked Sendable` only so it can be handed to that thread.
public final class SRTPContext: @unchecked Sendable {
    public let sendingSuite: SDESCryptoSuite
    public let receivingSuite: SDESCryptoSuite
    public private(set) var counters = SRTPCounters()
    private let outbound: srtp_t
    private let inbound: srtp_t
    /// SRTP_MAX_TRAILER_LEN (tag + MKI, 16 + 128) plus the SRTCP index: what libsrtp may append in place.
    private static let trailerRoom = 16 + 128 + 4

    /// - Parameters:
    ///   - sending: our key (the `a=crypto` line we offered or answered).
    ///   - receiving: the peer's key.
    ///   - replayWindow: RFC 3711 §3.3.2 window size in packets (≥ 64, libsrtp's default 128).
    public init(sending: SDESKey, receiving: SDESKey, replayWindow: Int = 128) throws(SRTPError) {
        guard SRTPLibrary.ensureInitialised() else { throw .library(code: Int32(srtp_err_status_init_fail.rawValue)) }
        sendingSuite = sending.suite
        receivingSuite = receiving.suite
        outbound = try Self.session(sending, ssrc: ssrc_any_outbound, window: replayWindow)
        do {
            inbound = try Self.session(receiving, ssrc: ssrc_any_inbound, window: replayWindow)
        } catch {
            srtp_dealloc(outbound)
            throw error
        }
    }

    /// A context from the two `a=crypto` lines an offer/answer settled (``SDPNegotiatedAudio/localCrypto`` and
    /// ``SDPNegotiatedAudio/crypto``); a line we cannot run throws ``SDESKeyError`` (→ 488).
    public convenience init(local: SDPCrypto, remote: SDPCrypto) throws {
        try self.init(sending: SDESKey(crypto: local), receiving: SDESKey(crypto: remote))
    }

    deinit {
        srtp_dealloc(outbound)
        srtp_dealloc(inbound)
    }

    /// RFC 3711 §3.3 sender steps: encrypts the payload and appends the tag (the index and ROC are kept here).
    public func protectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        guard packet.count >= 12, packet[0] >> 6 == 2 else { throw .malformed("RTP header") }
        let out = try run(packet, extra: Self.trailerRoom) { srtp_protect(outbound, $0, $1) }
        counters.protectedRTP += 1
        return out
    }

    /// RFC 3711 §3.4 sender steps: encrypts after the first 8 octets, appends E‖SRTCP index and the tag.
    public func protectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        guard packet.count >= 8, packet[0] >> 6 == 2 else { throw .malformed("RTCP header") }
        let out = try run(packet, extra: Self.trailerRoom + 4) { srtp_protect_rtcp(outbound, $0, $1) }
        counters.protectedRTCP += 1
        return out
    }

    /// RFC 3711 §3.3 receiver steps: index estimation, replay check, authentication, decryption. A packet failing
    /// any check throws, is counted, and must be dropped by the caller (§3.3 step 5).
    public func unprotectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        // RFC 3550 §5.1: 12 fixed octets, 4 per CSRC, and the extension header when X is set; then the tag.
        guard packet.count >= 12 + receivingSuite.rtpTagLength, packet[0] >> 6 == 2 else {
            counters.malformed += 1
            throw .malformed("shorter than an RTP header and tag")
        }
        let available = packet.count - receivingSuite.rtpTagLength
        var header = 12 + 4 * Int(packet[0] & 0x0F)
        if packet[0] & 0x10 != 0, header + 4 <= available {
            header += 4 + 4 * (Int(packet[header + 2]) << 8 | Int(packet[header + 3]))
        } else if packet[0] & 0x10 != 0 {
            header += 4
        }
        guard header <= available else {
            counters.malformed += 1
            throw .malformed("RTP header overruns the packet")
        }
        let out = try counted { () throws(SRTPError) in try run(packet, extra: 0) { srtp_unprotect(inbound, $0, $1) } }
        counters.unprotectedRTP += 1
        return out
    }

    /// RFC 3711 §3.4 receiver steps for SRTCP (the index travels in the packet; replay and tag checked).
    public func unprotectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        // RFC 3711 §3.4: 8 octets of header, E‖index (4), tag.
        guard packet.count >= 8 + 4 + receivingSuite.rtcpTagLength, packet[0] >> 6 == 2 else {
            counters.malformed += 1
            throw .malformed("shorter than an SRTCP header, index and tag")
        }
        let out = try counted { () throws(SRTPError) in
            try run(packet, extra: 0) { srtp_unprotect_rtcp(inbound, $0, $1) }
        }
        counters.unprotectedRTCP += 1
        return out
    }

    private func counted(_ body: () throws(SRTPError) -> [UInt8]) throws(SRTPError) -> [UInt8] {
        do {
            return try body()
        } catch {
            switch error {
            case .authenticationFailed: counters.authenticationFailures += 1
            case .replayed, .tooOld: counters.replays += 1
            case .malformed, .noKeys, .keyRejected, .library: counters.malformed += 1
            }
            throw error
        }
    }

    /// Runs one libsrtp call in place on a copy with `extra` writable bytes after the packet.
    private func run(
        _ packet: [UInt8], extra: Int,
        _ call: (UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> srtp_err_status_t
    ) throws(SRTPError) -> [UInt8] {
        var buffer = packet + [UInt8](repeating: 0, count: extra)
        var length = Int32(packet.count)
        let status = buffer.withUnsafeMutableBytes { bytes in call(bytes.baseAddress!, &length) }
        guard status == srtp_err_status_ok else { throw Self.error(status) }
        buffer.removeLast(buffer.count - Int(length))
        return buffer
    }

    private static func error(_ status: srtp_err_status_t) -> SRTPError {
        switch status {
        case srtp_err_status_auth_fail: .authenticationFailed
        case srtp_err_status_replay_fail: .replayed
        case srtp_err_status_replay_old: .tooOld
        case srtp_err_status_bad_param, srtp_err_status_parse_err: .malformed("refused by libsrtp")
        // libsrtp answers this when an SRTCP packet's E flag says "not encrypted" under a policy that encrypts.
        case srtp_err_status_cant_check: .malformed("SRTCP E flag does not match the policy")
        default: .library(code: Int32(status.rawValue))
        }
    }

    private static func session(_ key: SDESKey, ssrc: srtp_ssrc_type_t, window: Int) throws(SRTPError) -> srtp_t {
        var policy = srtp_policy_t()
        switch key.suite {
        case .aesCM128HMACSHA1_32:
            srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp)
            // RFC 4568 §6.2.2: SRTCP keeps the 80-bit tag.
            srtp_crypto_policy_set_rtp_default(&policy.rtcp)
        case .aeadAES128GCM:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        default:
            srtp_crypto_policy_set_rtp_default(&policy.rtp)
            srtp_crypto_policy_set_rtp_default(&policy.rtcp)
        }
        policy.ssrc.type = ssrc
        policy.window_size = UInt(max(64, min(window, 0x7FFF)))
        policy.allow_repeat_tx = 0
        var material = key.masterKey + key.masterSalt
        var session: srtp_t?
        let status = material.withUnsafeMutableBufferPointer { bytes in
            policy.key = bytes.baseAddress
            return srtp_create(&session, &policy)
        }
        guard status == srtp_err_status_ok, let session else { throw .keyRejected(code: Int32(status.rawValue)) }
        return session
    }
}
