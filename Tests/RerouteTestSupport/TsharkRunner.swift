public import Foundation
public import NIOCore
public import PCAPWire

/// Writes UDP payloads into a raw-IPv4 pcap (PCAPWire) and reads them back with tshark, one line per packet.
public enum TsharkRunner {
    public static let path: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A pcap of 127.0.0.1:`sourcePort` → 127.0.0.2:`port` datagrams, `spacingMilliseconds` apart.
    public static func capture(
        _ payloads: [ByteBuffer], port: UInt16, sourcePort: UInt16 = 40_000, spacingMilliseconds: Int64 = 1
    ) -> ByteBuffer {
        var writer = PCAPWriter(linkType: .raw)
        for (index, payload) in payloads.enumerated() {
            let udp = SyntheticFrame.udp(sourcePort: sourcePort, destinationPort: port, payload: payload)
            let ip = SyntheticFrame.ipv4Packet(
                source: 0x7F00_0001, destination: 0x7F00_0002, protocolNumber: UDPDatagram.protocolNumber, payload: udp)
            writer.append(
                CapturedFrame(
                    number: index + 1, timestamp: timestamp(Int64(index) * spacingMilliseconds),
                    linkType: .raw, data: ip))
        }
        return writer.bytes
    }

    public static func timestamp(_ milliseconds: Int64) -> CaptureTimestamp {
        CaptureTimestamp(seconds: 1 + milliseconds / 1000, nanoseconds: UInt32(milliseconds % 1000) * 1_000_000)
    }

    /// Runs tshark on `capture` with `arguments`; returns its standard output lines.
    public static func fields(_ capture: ByteBuffer, arguments: [String]) throws -> [String] {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mw-\(UUID().uuidString).pcap")
        try Data(capture.readableBytesView).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.runBlocking(path, ["-r", file.path] + arguments)
        return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
