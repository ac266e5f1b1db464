// libFuzzer entry point for every decoder (scripts/fuzz.sh builds it with `--sanitize=fuzzer`).
//
//   REROUTE_FUZZ=<target> .build-fuzz/release/reroute-fuzz [libFuzzer options] [corpus dirs]
//
// Targets: capture (a whole pcap/pcapng file through CaptureReader and SignallingDecoder), sctp, m3ua, m2pa,
// mtp2, mtp3, isup, bicc. Each decodes the input; whatever decodes must re-encode and decode to an equal value,
// else the process traps and libFuzzer keeps the input as a crash. Built without the sanitizer (the ordinary
// build), the same binary replays files given as arguments: `reroute-fuzz FILE...`.
import Foundation
import ISUPWire
import M3UAWire
import MTPWire
import NIOCore
import PCAPWire
import SCTPWire
import SignallingCapture

enum FuzzTarget: String, CaseIterable, Sendable {
    case capture, sctp, m3ua, m2pa, mtp2, mtp3, isup, bicc

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["REROUTE_FUZZ"] ?? "capture"
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(
                Data("REROUTE_FUZZ=\(name) is not one of: \(allCases.map(\.rawValue).joined(separator: " "))\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ bytes: ByteBuffer) {
        switch self {
        case .capture:
            guard var reader = try? CaptureReader(bytes) else { return }
            var decoder = SignallingDecoder()
            while let frame = try? reader.next() {
                for record in decoder.decode(frame) { _ = record.jsonLine }
            }
        case .sctp:
            guard let packet = try? SCTPPacket.decode(bytes) else { return }
            var out = ByteBuffer()
            _ = packet.encode(into: &out, computeChecksum: false)
            let again = try? SCTPPacket.decode(out)
            precondition(again?.chunks == packet.chunks, "SCTP round trip changed the chunks")
        case .m3ua:
            guard let message = try? M3UAMessage.decode(bytes, unknownMessages: .keep) else { return }
            precondition((try? M3UAMessage.decode(message.encoded(), unknownMessages: .keep)) == message)
        case .m2pa:
            guard let message = try? M2PAMessage.decode(bytes) else { return }
            var out = ByteBuffer()
            _ = message.encode(into: &out)
            precondition((try? M2PAMessage.decode(out)) == message)
        case .mtp2:
            guard let frame = try? MTP2Frame.decode(bytes) else { return }
            var out = ByteBuffer()
            _ = frame.encode(into: &out)
            precondition((try? MTP2Frame.decode(out)) == frame)
        case .mtp3:
            guard let message = try? MTP3Message.decode(bytes) else { return }
            var out = ByteBuffer()
            _ = message.encode(into: &out)
            precondition((try? MTP3Message.decode(out)) == message)
        case .isup, .bicc:
            let variant: ISUPVariant = self == .isup ? .itu : .bicc
            guard let message = try? ISUPMessage.decode(bytes, variant: variant) else { return }
            let again = try? ISUPMessage.decode(message.encoded, variant: variant)
            if again != message {
                FileHandle.standardError.write(Data(
                    "ISUP round trip differs\n input \(bytes.readableBytesView.map { String($0, radix: 16) })\n first \(message)\n again \(String(describing: again))\n".utf8))
                preconditionFailure("ISUP round trip changed the message")
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func rerouteFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    FuzzTarget.selected.run(ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if !FUZZING
/// Without libFuzzer: replay the files named on the command line through the selected target.
@main
struct CorpusReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            _ = bytes.withUnsafeBufferPointer { rerouteFuzzOne($0.baseAddress, $0.count) }
        }
        print("reroute-fuzz: \(paths.count) inputs through \(FuzzTarget.selected.rawValue), no failure")
    }
}
#endif
