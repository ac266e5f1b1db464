#!/usr/bin/python3
"""An SRTP/SRTCP implementation written from RFC 3711 alone (AES-CM, HMAC-SHA1, key derivation), used by
MediaSecurityTests as an independent peer of Reroute's libsrtp2-based SRTPContext. Only the `cryptography`
package's AES block cipher and HMAC-SHA1 primitives are used; everything SRTP-specific is here.

  srtp_reference.py selftest                        RFC 3711 Appendix B.2 (keystream) and B.3 (key derivation)
  srtp_reference.py protect   SUITE KEY FILE        plaintext lines -> protected lines
  srtp_reference.py unprotect SUITE KEY FILE        protected lines -> plaintext lines, or "drop REASON"
  srtp_reference.py udp-peer SUITE SENDKEY RECVKEY PORT COUNT
                                                    a phone on 127.0.0.1: sends COUNT SRTP packets (PCMA, SSRC
                                                    0x5EED) to PORT, then prints the RTP/RTCP it receives back
                                                    ("rtp HEX" / "rtcp HEX" / "drop REASON") until COUNT RTP
                                                    packets arrived or 10 s pass without one

KEY is the base64 master key||salt of an SDES inline key (RFC 4568 §6.1). Lines are "rtp HEX" or "rtcp HEX".
"""
import base64
import hmac
import hashlib
import sys

import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TAGS = {"AES_CM_128_HMAC_SHA1_80": (10, 10), "AES_CM_128_HMAC_SHA1_32": (4, 10)}  # RFC 4568 §6.2.1, §6.2.2
GCM = "AEAD_AES_128_GCM"  # RFC 7714 §14.2: 128-bit key, 96-bit salt, 16-octet tag


def aes_cm(key, iv, length):
    """RFC 3711 §4.1.1: keystream = E(k, IV) || E(k, IV + 1 mod 2^128) || ... (16-bit block counter)."""
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    base = int.from_bytes(iv, "big")
    blocks = [encryptor.update(((base + i) % (1 << 128)).to_bytes(16, "big")) for i in range((length + 15) // 16)]
    return b"".join(blocks)[:length]


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def derive(master_key, master_salt, label, length, index=0, kdr=0):
    """RFC 3711 §4.3.1: r = index DIV kdr, key_id = label || r, x = key_id XOR master_salt, PRF_n(k_master, x)."""
    r = index // kdr if kdr else 0
    key_id = (label << 48) | r
    x = int.from_bytes(master_salt, "big") ^ key_id
    return aes_cm(master_key, (x << 16).to_bytes(16, "big"), length)


class Keys:
    def __init__(self, suite, inline):
        material = base64.b64decode(inline)
        self.gcm = suite == GCM
        if self.gcm:
            # RFC 7714 §11: the RFC 3711 KDF with the 96-bit master salt; the salt fills the 112-bit field from the
            # left (zero-padded on the right) as libsrtp does; SRTP_GCM_SALT_ALIGN=right tries the other reading.
            mk, salt = material[:16], material[16:28]
            ms = salt + b"\0\0" if os.environ.get("SRTP_GCM_SALT_ALIGN") != "right" else b"\0\0" + salt
            self.rtp_tag = self.rtcp_tag = 16
            self.rtp_enc, self.rtp_salt = derive(mk, ms, 0, 16), derive(mk, ms, 2, 12)
            self.rtcp_enc, self.rtcp_salt = derive(mk, ms, 3, 16), derive(mk, ms, 5, 12)
            return
        self.rtp_tag, self.rtcp_tag = TAGS[suite]
        mk, ms = material[:16], material[16:30]
        # RFC 3711 §4.3.2 labels 0x00..0x05; n_e = 128, n_a = 160, n_s = 112 (§5.3 defaults).
        self.rtp_enc, self.rtp_auth, self.rtp_salt = derive(mk, ms, 0, 16), derive(mk, ms, 1, 20), derive(mk, ms, 2, 14)
        self.rtcp_enc, self.rtcp_auth, self.rtcp_salt = derive(mk, ms, 3, 16), derive(mk, ms, 4, 20), derive(mk, ms, 5, 14)


def iv(salt, ssrc, index):
    """RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)."""
    value = (int.from_bytes(salt, "big") << 16) ^ (ssrc << 64) ^ (index << 16)
    return value.to_bytes(16, "big")


def rtp_header_length(packet):
    length = 12 + 4 * (packet[0] & 0x0F)
    if packet[0] & 0x10:
        length += 4 + 4 * int.from_bytes(packet[length + 2:length + 4], "big")
    return length


class RTPSender:
    """RFC 3711 §3.3.1: the sender's ROC counts wraps of its own sequence number."""

    def __init__(self, keys):
        self.keys, self.roc, self.last = keys, 0, None

    def protect(self, packet):
        seq, ssrc = int.from_bytes(packet[2:4], "big"), int.from_bytes(packet[8:12], "big")
        if self.last is not None and seq < self.last and self.last - seq > 0x8000:
            self.roc = (self.roc + 1) % (1 << 32)
        self.last = seq
        index = (self.roc << 16) | seq
        h = rtp_header_length(packet)
        if self.keys.gcm:
            # RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt; §8.2: AAD = the RTP header.
            nonce = xor(b"\0\0" + packet[8:12] + self.roc.to_bytes(4, "big") + packet[2:4], self.keys.rtp_salt)
            return packet[:h] + AESGCM(self.keys.rtp_enc).encrypt(nonce, packet[h:], packet[:h])
        body = xor(packet[h:], aes_cm(self.keys.rtp_enc, iv(self.keys.rtp_salt, ssrc, index), len(packet) - h))
        out = packet[:h] + body
        # RFC 3711 §4.2: the tag covers the authenticated portion || ROC.
        tag = hmac.new(self.keys.rtp_auth, out + self.roc.to_bytes(4, "big"), hashlib.sha1).digest()
        return out + tag[:self.keys.rtp_tag]


class RTPReceiver:
    """RFC 3711 §3.3.1 / Appendix A index estimation, §3.3.2 replay list (a 64-packet window), §3.3 step 5."""

    def __init__(self, keys):
        self.keys, self.s_l, self.roc, self.seen = keys, None, 0, set()

    def estimate(self, seq):
        if self.s_l is None:
            return self.roc
        if self.s_l < 32768:
            return (self.roc - 1) % (1 << 32) if seq - self.s_l > 32768 else self.roc
        return (self.roc + 1) % (1 << 32) if self.s_l - 32768 > seq else self.roc

    def unprotect(self, packet):
        tag_length = self.keys.rtp_tag
        if len(packet) < 12 + tag_length or rtp_header_length(packet) > len(packet) - tag_length:
            return None, "short"
        seq, ssrc = int.from_bytes(packet[2:4], "big"), int.from_bytes(packet[8:12], "big")
        v = self.estimate(seq)
        index = (v << 16) | seq
        if index in self.seen:
            return None, "replay"
        if self.keys.gcm:
            h = rtp_header_length(packet)
            nonce = xor(b"\0\0" + packet[8:12] + v.to_bytes(4, "big") + packet[2:4], self.keys.rtp_salt)
            try:
                plain = packet[:h] + AESGCM(self.keys.rtp_enc).decrypt(nonce, packet[h:], packet[:h])
            except Exception:
                return None, "auth"
            self.advance(v, seq, index)
            return plain, None
        body, tag = packet[:-tag_length], packet[-tag_length:]
        expected = hmac.new(self.keys.rtp_auth, body + v.to_bytes(4, "big"), hashlib.sha1).digest()[:tag_length]
        if not hmac.compare_digest(expected, tag):
            return None, "auth"
        h = rtp_header_length(body)
        plain = body[:h] + xor(body[h:], aes_cm(self.keys.rtp_enc, iv(self.keys.rtp_salt, ssrc, index), len(body) - h))
        self.advance(v, seq, index)
        return plain, None

    def advance(self, v, seq, index):
        # §3.3.1, after authentication: v = ROC + 1 -> s_l = SEQ, ROC = v; v = ROC and SEQ > s_l -> s_l = SEQ.
        if self.s_l is None:
            self.s_l = seq
        elif v == (self.roc + 1) % (1 << 32):
            self.roc, self.s_l = v, seq
        elif v == self.roc and seq > self.s_l:
            self.s_l = seq
        self.seen.add(index)


class RTCPSender:
    def __init__(self, keys):
        self.keys, self.index = keys, 0

    def protect(self, packet):
        """RFC 3711 §3.4: encrypt after the first 8 octets, then E=1 || SRTCP index, then the tag over all that."""
        ssrc = int.from_bytes(packet[4:8], "big")
        if self.keys.gcm:
            # RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 + index) XOR salt; AAD = header || E‖index;
            # the packet is header || ciphertext+tag || E‖index.
            trailer = ((1 << 31) | self.index).to_bytes(4, "big")
            nonce = xor(b"\0\0" + packet[4:8] + b"\0\0" + self.index.to_bytes(4, "big"), self.keys.rtcp_salt)
            self.index += 1
            return packet[:8] + AESGCM(self.keys.rtcp_enc).encrypt(nonce, packet[8:], packet[:8] + trailer) + trailer
        body = xor(packet[8:], aes_cm(self.keys.rtcp_enc, iv(self.keys.rtcp_salt, ssrc, self.index), len(packet) - 8))
        out = packet[:8] + body + ((1 << 31) | self.index).to_bytes(4, "big")
        self.index += 1
        return out + hmac.new(self.keys.rtcp_auth, out, hashlib.sha1).digest()[:self.keys.rtcp_tag]


class RTCPReceiver:
    def __init__(self, keys):
        self.keys, self.seen = keys, set()

    def unprotect(self, packet):
        tag_length = self.keys.rtcp_tag
        if len(packet) < 8 + 4 + tag_length:
            return None, "short"
        if self.keys.gcm:
            trailer = packet[-4:]
            index = int.from_bytes(trailer, "big") & 0x7FFFFFFF
            if index in self.seen:
                return None, "replay"
            nonce = xor(b"\0\0" + packet[4:8] + b"\0\0" + index.to_bytes(4, "big"), self.keys.rtcp_salt)
            try:
                plain = AESGCM(self.keys.rtcp_enc).decrypt(nonce, packet[8:-4], packet[:8] + trailer)
            except Exception:
                return None, "auth"
            self.seen.add(index)
            return packet[:8] + plain, None
        body, tag = packet[:-tag_length], packet[-tag_length:]
        expected = hmac.new(self.keys.rtcp_auth, body, hashlib.sha1).digest()[:tag_length]
        if not hmac.compare_digest(expected, tag):
            return None, "auth"
        trailer = int.from_bytes(body[-4:], "big")
        index, encrypted = trailer & 0x7FFFFFFF, trailer >> 31
        if index in self.seen:
            return None, "replay"
        self.seen.add(index)
        payload = body[8:-4]
        if encrypted:
            ssrc = int.from_bytes(packet[4:8], "big")
            payload = xor(payload, aes_cm(self.keys.rtcp_enc, iv(self.keys.rtcp_salt, ssrc, index), len(payload)))
        return body[:8] + payload, None


def selftest():
    failures = []
    # RFC 3711 Appendix B.2: AES-CM keystream segments.
    key = bytes.fromhex("2B7E151628AED2A6ABF7158809CF4F3C")
    offset = bytes.fromhex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000")
    stream = aes_cm(key, offset, 48)
    for number, expected in enumerate(
        ["E03EAD0935C95E80E166B16DD92B4EB4", "D23513162B02D0F72A43A2FE4A5F97AB", "41E95B3BB0A2E8DD477901E4FCA894C0"]
    ):
        if stream[16 * number:16 * number + 16] != bytes.fromhex(expected):
            failures.append("B.2 counter %04X" % number)
    # RFC 3711 Appendix B.3: key derivation.
    mk, ms = bytes.fromhex("E1F97A0D3E018BE0D64FA32C06DE4139"), bytes.fromhex("0EC675AD498AFEEBB6960B3AABE6")
    if derive(mk, ms, 0, 16) != bytes.fromhex("C61E7A93744F39EE10734AFE3FF7A087"):
        failures.append("B.3 cipher key")
    if derive(mk, ms, 2, 14) != bytes.fromhex("30CBBC08863D8C85D49DB34A9AE1"):
        failures.append("B.3 cipher salt")
    if derive(mk, ms, 1, 20) != bytes.fromhex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"):
        failures.append("B.3 auth key")
    print("selftest " + ("ok" if not failures else "FAILED " + ", ".join(failures)))
    return 0 if not failures else 1


def udp_peer(suite, send_inline, receive_inline, port, count):
    import socket
    out_keys, in_keys = Keys(suite, send_inline), Keys(suite, receive_inline)
    sender, rtp_in, rtcp_in = RTPSender(out_keys), RTPReceiver(in_keys), RTCPReceiver(in_keys)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(10)  # a deadline for the whole exchange, not a pacing delay
    for n in range(count):
        seq = (65534 + n) % 65536  # across the wrap: the leg's ROC must follow (RFC 3711 §3.3.1)
        header = bytes([0x80, 0x08]) + seq.to_bytes(2, "big") + (n * 160).to_bytes(4, "big") + (0x5EED).to_bytes(4, "big")
        sock.sendto(sender.protect(header + bytes([0xD5]) * 160), ("127.0.0.1", port))
    received = 0
    while received < count:
        try:
            data, _ = sock.recvfrom(2048)
        except socket.timeout:
            print("timeout")
            break
        if 192 <= data[1] <= 223:  # RFC 5761 §4: RTCP under rtcp-mux
            plain, reason = rtcp_in.unprotect(data)
            print("rtcp " + plain.hex() if plain is not None else "drop " + reason)
        else:
            plain, reason = rtp_in.unprotect(data)
            print("rtp " + plain.hex() if plain is not None else "drop " + reason)
            received += 1
    sys.stdout.flush()
    return 0


def main():
    if sys.argv[1] == "selftest":
        return selftest()
    if sys.argv[1] == "udp-peer":
        return udp_peer(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    mode, suite, inline, path = sys.argv[1:5]
    keys = Keys(suite, inline)
    if mode == "protect":
        rtp, rtcp = RTPSender(keys), RTCPSender(keys)
    else:
        rtp, rtcp = RTPReceiver(keys), RTCPReceiver(keys)
    for line in open(path):
        kind, text = line.split()
        packet = bytes.fromhex(text)
        side = rtp if kind == "rtp" else rtcp
        if mode == "protect":
            print(kind, side.protect(packet).hex())
        else:
            plain, reason = side.unprotect(packet)
            print(kind, plain.hex()) if plain is not None else print("drop", reason)
    return 0


if __name__ == "__main__":
    sys.exit(main())
