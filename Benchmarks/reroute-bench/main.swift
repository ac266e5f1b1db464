// reroute-bench: figures for docs/performance.md (run through scripts/benchmark.sh, release build).
//
//   reroute-bench generate FILE MESSAGES   write a capture of MESSAGES ISUP messages (forwarded calls:
//                                          IAM with original called / redirecting numbers, ACM, ANM, REL, RLC)
//                                          in M3UA DATA over SCTP, bundled 1–4 per packet
//   reroute-bench decode FILE              decode it in-process (no output) and print messages per second
import Foundation
import ISUPWire
import M3UAWire
import NIOCore
import PCAPWire
import SignallingCapture
import TelecomTypes

enum Bench {
    static func isup(_ type: ISUPMessageType, cic: Int, call: Int) -> ISUPMessage {
        var message = ISUPMessage(cic: CircuitIdentificationCode(cic), type: type)
        let subscriber = "4670\(String(1_000_000 + call % 9_000_000))"
        switch type {
        case .initialAddress:
            message.setParameter(ISUPParameter(code: .natureOfConnectionIndicators, value: ByteBuffer(bytes: [0x00])))
            message.setParameter(ISUPParameter(code: .forwardCallIndicators, value: ByteBuffer(bytes: [0x60, 0x01])))
            message.setParameter(ISUPParameter(code: .callingPartysCategory, value: ByteBuffer(bytes: [0x0A])))
            message.setParameter(ISUPParameter(code: .transmissionMediumRequirement, value: ByteBuffer(bytes: [0x03])))
            message.setParameter(
                .calledPartyNumber,
                to: ISUPNumber(signals: AddressSignals("88\(String(100_000 + call % 900_000))")!))
            message.setParameter(
                .callingPartyNumber,
                to: ISUPNumber(signals: AddressSignals("4687\(String(1_000_000 + call % 7_000_000))")!))
            message.setParameter(.originalCalledNumber, to: ISUPNumber(signals: AddressSignals(subscriber)!))
            message.setParameter(.redirectingNumber, to: ISUPNumber(signals: AddressSignals(subscriber)!))
            message.setParameter(
                .redirectionInformation,
                to: ISUPRedirectionInformation(
                    redirectingIndicator: 3, originalRedirectionReason: ISUPRedirectionReason(2),
                    redirectionCounter: 1, redirectingReason: ISUPRedirectionReason(2)))
        case .addressComplete:
            message.setParameter(ISUPParameter(code: .backwardCallIndicators, value: ByteBuffer(bytes: [0x16, 0x14])))
        case .release:
            message.setParameter(.causeIndicators, to: ISUPCauseIndicators(cause: .normalCallClearing))
        default:
            break
        }
        return message
    }

    static func m3uaData(_ isup: ISUPMessage, opc: UInt32, dpc: UInt32, sls: UInt8) -> ByteBuffer {
        let data = M3UAPayloadData(
            routingContext: [1],
            protocolData: M3UAProtocolData(
                originatingPointCode: PointCode(opc), destinationPointCode: PointCode(dpc), serviceIndicator: .isup,
                networkIndicator: .national, signallingLinkSelection: sls, userProtocolData: isup.encoded))
        var out = ByteBuffer()
        _ = M3UAMessage.payloadData(data).encode(into: &out)
        return out
    }

    static func generate(path: String, messages: Int) throws {
        var forward = SCTPFlowComposer(
            source: IPAddress("127.0.0.1")!, destination: IPAddress("127.0.0.2")!, sourcePort: 2905,
            destinationPort: 2905)
        var backward = forward.reversed
        var writer = PCAPWriter(linkType: .ethernet, resolution: .microseconds, byteOrder: .little)
        var frameNumber = 0
        var time: Int64 = 1_780_000_000 * 1_000_000
        var generator = SystemRandomNumberGenerator()
        var pending: [(Bool, SCTPFlowComposer.UserMessage)] = []
        func flush() {
            guard !pending.isEmpty else { return }
            for direction in [true, false] {
                let batch = pending.filter { $0.0 == direction }.map(\.1)
                guard !batch.isEmpty else { continue }
                let frame = direction ? forward.frames(for: batch)[0] : backward.frames(for: batch)[0]
                frameNumber += 1
                time += 250
                writer.append(
                    CapturedFrame(
                        number: frameNumber,
                        timestamp: CaptureTimestamp(seconds: time / 1_000_000, nanoseconds: UInt32(time % 1_000_000) * 1000),
                        linkType: .ethernet, interfaceID: 0, originalLength: frame.readableBytes, data: frame))
            }
            pending.removeAll(keepingCapacity: true)
        }
        let sequence: [(ISUPMessageType, Bool)] = [
            (.initialAddress, true), (.addressComplete, false), (.answer, false), (.release, true),
            (.releaseComplete, false),
        ]
        var produced = 0
        var call = 0
        while produced < messages {
            let cic = 1 + call % 4000
            for (type, forwardDirection) in sequence where produced < messages {
                let message = isup(type, cic: cic, call: call)
                let payload = forwardDirection
                    ? m3uaData(message, opc: 100, dpc: 200, sls: UInt8(cic & 15))
                    : m3uaData(message, opc: 200, dpc: 100, sls: UInt8(cic & 15))
                pending.append((forwardDirection, .init(stream: UInt16(1 + cic % 8), ppid: 3, payload: payload)))
                produced += 1
                if pending.count >= Int.random(in: 1...4, using: &generator) { flush() }
            }
            call += 1
        }
        flush()
        let bytes = writer.bytes
        try Data(bytes.readableBytesView).write(to: URL(fileURLWithPath: path))
        print("generated \(path): \(produced) ISUP messages in \(frameNumber) frames, \(bytes.readableBytes) bytes")
    }

    static func decode(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let start = ContinuousClock.now
        var reader = try CaptureReader(ByteBuffer(bytes: data))
        var decoder = SignallingDecoder()
        var messages = 0
        var jsonBytes = 0
        while let frame = try reader.next() {
            for record in decoder.decode(frame) {
                messages += 1
                jsonBytes += record.jsonLine.count
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "in-process decode + JSON rendering: \(messages) messages in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(Double(messages) / seconds)) messages/s (\(jsonBytes) JSON bytes)")
    }
}

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "generate" where arguments.count == 4:
    guard let count = Int(arguments[3]), count > 0 else {
        FileHandle.standardError.write(Data("reroute-bench: MESSAGES must be a positive number\n".utf8))
        exit(2)
    }
    try Bench.generate(path: arguments[2], messages: count)
case "decode" where arguments.count == 3:
    try Bench.decode(path: arguments[2])
default:
    FileHandle.standardError.write(Data("usage: reroute-bench generate FILE MESSAGES | decode FILE\n".utf8))
    exit(2)
}
