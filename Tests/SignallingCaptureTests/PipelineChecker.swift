import Foundation
import ISUPWire
import M3UAWire
import NIOCore
import PCAPWire
import RerouteTestSupport
import SignallingCapture
import TelecomTypes

/// Feeds hostile frames to one long-lived `SignallingDecoder` (so its reassembly state sees the garbage too) and
/// checks every record it returns: numbered for its frame, valid JSON, and whatever it says decoded really
/// decodes and round-trips.
struct PipelineChecker {
    private var decoder = SignallingDecoder()
    private(set) var frames = 0
    private(set) var records = 0
    private(set) var errorRecords = 0
    private(set) var anomalies: [String] = []

    /// Decodes `frame` and checks its records.
    mutating func feed(_ frame: CapturedFrame) {
        frames += 1
        let output = decoder.decode(frame)
        for (index, record) in output.enumerated() {
            records += 1
            check(record, index: index, frame: frame)
        }
    }

    private mutating func check(_ record: SignallingRecord, index: Int, frame: CapturedFrame) {
        if record.frame != frame.number || record.index != index || record.time != frame.timestamp {
            anomalies.append("frame \(frame.number): record numbered \(record.frame).\(record.index)")
        }
        let line = record.jsonLine
        if !line.starts(with: Array(#"{"frame":"#.utf8)) || line.suffix(2) != [UInt8(ascii: "}"), 0x0A] {
            anomalies.append("bad JSON line \(String(decoding: line, as: UTF8.self))")
        }
        if let error = record.error {
            errorRecords += 1
            if error.isEmpty { anomalies.append("empty error text") }
            // Error texts carry wire-derived text: the line must still be one valid JSON object.
            if errorRecords % 16 == 1, (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] == nil {
                anomalies.append("invalid JSON \(String(decoding: line, as: UTF8.self))")
            }
            return
        }
        if let bytes = record.m3uaBytes {
            let variant = M3UAVariant.detect(bytes)
            do {
                let message = try M3UAMessage.decode(bytes, variant: variant, unknownMessages: .keep)
                let again = try M3UAMessage.decode(message.encoded(), variant: variant, unknownMessages: .keep)
                if again != message { anomalies.append("M3UA re-decode differs \(bytes.hex)") }
            } catch {
                anomalies.append("record without error, M3UA does not decode: \(error) \(bytes.hex)")
            }
        }
        if let bytes = record.isupBytes {
            let variant: ISUPVariant = record.bicc != nil ? .bicc : .itu
            do {
                let message = try ISUPMessage.decode(bytes, variant: variant)
                let again = try ISUPMessage.decode(message.encoded, variant: variant)
                if again != message { anomalies.append("ISUP re-decode differs \(bytes.hex)") }
                if message.cic.value != record.userPart?.cic { anomalies.append("CIC differs \(bytes.hex)") }
            } catch {
                anomalies.append("record without error, ISUP does not decode: \(error) \(bytes.hex)")
            }
        }
    }
}
