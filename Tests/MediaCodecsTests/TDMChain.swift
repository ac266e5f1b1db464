@testable import MediaCodecs

/// Runs 8 kHz audio as a TDM channel would carry it (A-law octets, 20 ms blocks) through a codec and back:
/// A-law → `format` → A-law, using two `Transcoder`s as a call's two directions would.
enum TDMChain {
    static func roundTrip(_ audio: [Int16], through format: CodecFormat, ptime: Int = 20) throws -> [Int16] {
        let toApp = try Transcoder(from: .g711(.aLaw), to: format, ptime: ptime)
        let toTDM = try Transcoder(from: format, to: .g711(.aLaw), ptime: ptime)
        let tdm = G711Codec.encode(audio, law: .aLaw)
        var back: [UInt8] = []
        for start in stride(from: 0, to: tdm.count - 159, by: 160) {
            var carried = 0
            for packet in try toApp.transcode(Array(tdm[start..<start + 160])) {
                carried += duration(of: packet, format: format, ptime: ptime)
                for returned in try toTDM.transcode(packet) { back += returned }
            }
            // DTX (G.729 Annex B, Opus): what was not sent is a gap in RTP time the receiver fills itself.
            if carried < ptime {
                for returned in try toTDM.concealLoss(milliseconds: ptime - carried) { back += returned }
            }
        }
        return G711Codec.decode(back, law: .aLaw)
    }

    /// Milliseconds of audio in one payload (RFC 3551 §4.5.6: a G.729 SID frame stands for 10 ms).
    private static func duration(of payload: [UInt8], format: CodecFormat, ptime: Int) -> Int {
        switch format {
        case .g711: payload.count / 8
        case .g729: payload.count / 10 * 10 + (payload.count % 10 == 2 ? 10 : 0)
        case .opus: ptime
        }
    }
}
