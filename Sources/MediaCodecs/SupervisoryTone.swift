internal import CSpanDSP

/// A call-progress tone with its frequencies and cadence, as ITU-T E.180 Supplement 2 lists them per country.
public struct SupervisoryTone: Sendable, Hashable {
    /// The tones a gateway plays to the caller (E.180 §2: ringing, busy, congestion).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ringback
        case busy
        case congestion
    }

    /// Countries whose tone plans are built in.
    public enum Country: String, Sendable, Hashable, CaseIterable {
        /// United Kingdom (E.180 Suppl. 2; BT SIN 350).
        case gb = "GB"
        /// Germany (E.180 Suppl. 2; the CEPT 425 Hz plan of ETSI TR 101 041, as most of Europe).
        case de = "DE"
    }

    /// One or two simultaneous frequencies in Hz (a second of 0 = none).
    public var frequencies: (Int, Int) { (first, second) }
    public let first: Int
    public let second: Int
    /// Level of each frequency in dBm0.
    public let level: Int
    /// On/off durations in ms, up to two pairs, repeated: [on, off] or [on, off, on, off].
    public let cadence: [Int]

    public init(first: Int, second: Int = 0, level: Int = -13, cadence: [Int]) {
        precondition(cadence.count == 2 || cadence.count == 4, "cadence is one or two on/off pairs")
        self.first = first
        self.second = second
        self.level = level
        self.cadence = cadence
    }

    /// The cadence period in ms.
    public var period: Int { cadence.reduce(0, +) }

    /// The tone a country plays for `kind`.
    public static func tone(_ kind: Kind, country: Country) -> SupervisoryTone {
        switch (country, kind) {
        // GB ringing: 400+450 Hz, 0.4 on 0.2 off 0.4 on 2.0 off.
        case (.gb, .ringback): SupervisoryTone(first: 400, second: 450, level: -16, cadence: [400, 200, 400, 2000])
        // GB busy: 400 Hz, 0.375 on 0.375 off.
        case (.gb, .busy): SupervisoryTone(first: 400, cadence: [375, 375])
        // GB congestion ("equipment engaged"): 400 Hz, 0.4 on 0.35 off 0.225 on 0.525 off.
        case (.gb, .congestion): SupervisoryTone(first: 400, cadence: [400, 350, 225, 525])
        // DE ringing: 425 Hz, 1 s on 4 s off.
        case (.de, .ringback): SupervisoryTone(first: 425, cadence: [1000, 4000])
        // DE busy: 425 Hz, 0.48 on 0.48 off.
        case (.de, .busy): SupervisoryTone(first: 425, cadence: [480, 480])
        // DE congestion: 425 Hz, 0.24 on 0.24 off.
        case (.de, .congestion): SupervisoryTone(first: 425, cadence: [240, 240])
        }
    }

    public static func == (lhs: SupervisoryTone, rhs: SupervisoryTone) -> Bool {
        lhs.first == rhs.first && lhs.second == rhs.second && lhs.level == rhs.level && lhs.cadence == rhs.cadence
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(first)
        hasher.combine(second)
        hasher.combine(level)
        hasher.combine(cadence)
    }
}

/// Plays a `SupervisoryTone` as 8 kHz audio (spandsp `tone_gen`), repeating its cadence for as long as asked.
public final class ToneGenerator {
    public let tone: SupervisoryTone
    private let state: OpaquePointer

    public init(tone: SupervisoryTone) throws(MediaCodecError) {
        let on2 = tone.cadence.count == 4 ? tone.cadence[2] : 0
        let off2 = tone.cadence.count == 4 ? tone.cadence[3] : 0
        guard
            let descriptor = tone_gen_descriptor_init(
                nil, Int32(tone.first), Int32(tone.level), Int32(tone.second), Int32(tone.level),
                Int32(tone.cadence[0]), Int32(tone.cadence[1]), Int32(on2), Int32(off2), 1
            )
        else { throw .initialisationFailed("tone_gen_descriptor_init") }
        defer { tone_gen_descriptor_free(descriptor) }
        guard let state = tone_gen_init(nil, descriptor) else { throw .initialisationFailed("tone_gen_init") }
        self.state = state
        self.tone = tone
    }

    deinit {
        tone_gen_free(state)
    }

    /// The next `samples` of the tone.
    public func generate(samples: Int) -> [Int16] {
        var audio = [Int16](repeating: 0, count: samples)
        _ = audio.withUnsafeMutableBufferPointer { tone_gen(state, $0.baseAddress, Int32(samples)) }
        return audio
    }
}
