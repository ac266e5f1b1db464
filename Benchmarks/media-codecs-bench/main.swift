// Per-frame cost of the media paths of one call and the channels one core could carry (release build):
//   swift run -c release media-codecs-bench [frames]
// A channel is both directions of a call: TDM → app and app → TDM, one 20 ms frame each way per 20 ms.
// Figures only; nothing here is asserted (tests never measure speed).
import Foundation
import MediaCodecs

let frames = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 3000 : 3000

/// 20 ms A-law frames of a speech-like signal (MediaCodecs.SyntheticSpeech).
func tdmFrames(_ count: Int) -> [[UInt8]] { SyntheticSpeech.aLawFrames(count) }

/// Runs both directions of a call through `format` and returns µs per 20 ms frame (both directions together).
func measure(_ name: String, format: CodecFormat, input: [[UInt8]]) throws {
    let toApp = try Transcoder(from: .g711(.aLaw), to: format)
    let toTDM = try Transcoder(from: format, to: .g711(.aLaw))
    var appPackets: [[UInt8]] = []
    var sink = 0
    let clock = ContinuousClock()
    let upstream = try clock.measure {
        for frame in input {
            for packet in try toApp.transcode(frame) { appPackets.append(packet) }
        }
    }
    let downstream = try clock.measure {
        for packet in appPackets {
            for frame in try toTDM.transcode(packet) { sink &+= frame.count }
        }
    }
    func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }
    let up = microseconds(upstream) / Double(input.count)
    let down = microseconds(downstream) / Double(max(appPackets.count, 1))
    let channels = 20_000 / (up + down)
    let line = "\(name.padding(toLength: 34, withPad: " ", startingAt: 0))"
        + " TDM→app \(String(format: "%8.2f", up)) µs  app→TDM \(String(format: "%8.2f", down)) µs"
        + "  channels/core \(String(format: "%8.0f", channels))  (\(sink > 0 ? "ok" : "no output"))"
    print(line)
}

let input = tdmFrames(frames)
print("media-codecs-bench: \(frames) frames of 20 ms per path (one core, release build)")
try measure("G.711 A-law relay (passthrough)", format: .g711(.aLaw), input: input)
try measure("G.711 A-law ↔ µ-law", format: .g711(.muLaw), input: input)
try measure("G.711 ↔ G.729 (Annex B off)", format: .g729(G729Parameters(annexB: false)), input: input)
for (rate, bitrate, label) in [(8000, 12000, "NB"), (16000, 20000, "WB"), (48000, 32000, "FB")] {
    let format = CodecFormat.opus(OpusSettings(sampleRate: rate, bitrate: bitrate))
    try measure("G.711 ↔ Opus \(label) \(rate / 1000) kHz \(bitrate / 1000) kbit/s", format: format, input: input)
}
