import NIOCore
import RerouteTestSupport

/// A deliberately tiny classic-pcap + Ethernet + IPv4 walker, only for pulling the SCTP packets out of the
/// fixtures in these tests (PCAPWire is a separate target written elsewhere; these tests must not need it).
/// It traps on anything unexpected: fixture input only.
struct TestCapture {
    struct SCTPFrame {
        var frameNumber: Int
        var sourceAddress: [UInt8]
        var destinationAddress: [UInt8]
        var sctp: ByteBuffer
    }

    static func sctpFrames(_ fixture: String) throws -> [SCTPFrame] {
        var file = try Fixtures.load(fixture)
        guard let magic = file.readInteger(endianness: .little, as: UInt32.self), magic == 0xA1B2_C3D4 else {
            fatalError("only little-endian microsecond pcap fixtures are expected")
        }
        file.moveReaderIndex(forwardBy: 16)
        guard file.readInteger(endianness: .little, as: UInt32.self) == 1 else { fatalError("Ethernet only") }
        var frames: [SCTPFrame] = []
        var number = 0
        while file.readableBytes >= 16 {
            file.moveReaderIndex(forwardBy: 8)
            guard let captured = file.readInteger(endianness: .little, as: UInt32.self),
                file.readInteger(endianness: .little, as: UInt32.self) != nil,
                var frame = file.readSlice(length: Int(captured))
            else { fatalError("truncated record") }
            number += 1
            frame.moveReaderIndex(forwardBy: 12)
            guard frame.readInteger(as: UInt16.self) == 0x0800, let versionIHL = frame.getInteger(
                at: frame.readerIndex, as: UInt8.self),
                let totalLength = frame.getInteger(at: frame.readerIndex + 2, as: UInt16.self),
                let proto = frame.getInteger(at: frame.readerIndex + 9, as: UInt8.self),
                let source = frame.getBytes(at: frame.readerIndex + 12, length: 4),
                let destination = frame.getBytes(at: frame.readerIndex + 16, length: 4)
            else { continue }
            let headerLength = Int(versionIHL & 0x0F) * 4
            guard proto == 132,
                let sctp = frame.getSlice(
                    at: frame.readerIndex + headerLength, length: Int(totalLength) - headerLength)
            else { continue }
            frames.append(
                SCTPFrame(frameNumber: number, sourceAddress: source, destinationAddress: destination, sctp: sctp))
        }
        return frames
    }
}
