internal import CSpanDSP

/// G.711 companding law: A-law (Europe, E1) or µ-law (North America, T1). See ITU-T G.711 §3 and §4.
public enum G711Law: String, Sendable, Hashable, CaseIterable {
    case aLaw = "PCMA"
    case muLaw = "PCMU"

    /// The octet a silent channel carries (A-law 0x55 after even-bit inversion; µ-law 0xFF). See G.711 Table 1/2.
    public var silenceOctet: UInt8 {
        switch self {
        case .aLaw: 0xD5
        case .muLaw: 0xFF
        }
    }
}

/// G.711 encoder and decoder over spandsp's companding tables (one octet per sample, 8 kHz, 64 kbit/s).
///
/// Stateless: decoding needs no concealment history here; `PacketLossConcealer` adds G.711 Appendix I style PLC.
public final class G711Codec: AudioEncoder, AudioDecoder {
    public let law: G711Law
    public let sampleRate = 8000
    public let frameSamples: Int
    private var plc: PacketLossConcealer

    /// - Parameter frameSamples: samples per encoded frame (160 = 20 ms, RFC 3551 §4.5.14 default ptime).
    public init(law: G711Law, frameSamples: Int = 160) throws(MediaCodecError) {
        self.law = law
        self.frameSamples = frameSamples
        self.plc = try PacketLossConcealer()
    }

    /// Compands linear PCM into G.711 octets.
    public static func encode(_ samples: [Int16], law: G711Law) -> [UInt8] {
        switch law {
        case .aLaw: samples.map { linear_to_alaw(Int32($0)) }
        case .muLaw: samples.map { linear_to_ulaw(Int32($0)) }
        }
    }

    /// Expands G.711 octets into linear PCM.
    public static func decode(_ octets: [UInt8], law: G711Law) -> [Int16] {
        switch law {
        case .aLaw: octets.map { alaw_to_linear($0) }
        case .muLaw: octets.map { ulaw_to_linear($0) }
        }
    }

    /// Converts A-law octets to µ-law and back without passing through linear (G.711 Tables 3 and 4).
    public static func transcode(_ octets: [UInt8], from: G711Law, to: G711Law) -> [UInt8] {
        switch (from, to) {
        case (.aLaw, .muLaw): octets.map { alaw_to_ulaw($0) }
        case (.muLaw, .aLaw): octets.map { ulaw_to_alaw($0) }
        case (.aLaw, .aLaw), (.muLaw, .muLaw): octets
        }
    }

    public func encode(_ frame: [Int16]) throws(MediaCodecError) -> [UInt8] {
        Self.encode(frame, law: law)
    }

    public func decode(_ payload: [UInt8]) throws(MediaCodecError) -> [Int16] {
        plc.receive(Self.decode(payload, law: law))
    }

    public func concealLoss(samples: Int) throws(MediaCodecError) -> [Int16] {
        plc.conceal(samples: samples)
    }
}
