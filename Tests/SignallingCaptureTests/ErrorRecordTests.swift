import M3UAWire
import NIOCore
import PCAPWire
import RerouteTestSupport
import SCTPWire
import SignallingCapture
import Testing

/// docs/decode.md "Errors": a frame or message that cannot be decoded becomes a record with `error`, keeps what
/// could be decoded, and never stops the run.
@Suite("SignallingDecoder reports errors as records and goes on")
struct ErrorRecordTests {
    /// Frames: 1 IAM; 2 a truncated IPv4 header; 3 M3UA DATA whose ISUP stops after the message type; 4 an M3UA
    /// message of version 2; 5 an ANM followed by a chunk whose length overruns the packet; 6 an RLC.
    static func damagedCapture() throws -> [CapturedFrame] {
        var a = SyntheticCaptures.composer()
        let call = SyntheticISUP.call(cic: 42)
        func user(_ bytes: ByteBuffer) -> SCTPFlowComposer.UserMessage {
            SCTPFlowComposer.UserMessage(stream: 1, ppid: 3, payload: bytes)
        }
        var truncatedISUP = try M3UAMessage.decode(SyntheticSignalling.m3uaData(call[0]))
        if case .payloadData(var data) = truncatedISUP, var protocolData = data.protocolData {
            protocolData.userProtocolData = ByteBuffer(bytes: [42, 0, 0x01, 0x00])
            data.protocolData = protocolData
            truncatedISUP = .payloadData(data)
        }
        var badVersion = SyntheticSignalling.m3uaData(call[1])
        badVersion.setInteger(UInt8(2), at: badVersion.readerIndex)
        var overrun = a.packet(a.dataChunks(for: [user(SyntheticSignalling.m3uaData(call[2]))]))
        overrun.writeBytes([0x00, 0x03, 0x01, 0x00])  // DATA chunk claiming 256 bytes, 4 present
        let data: [ByteBuffer] = [
            a.frames(for: [user(SyntheticSignalling.m3uaData(call[0]))])[0],
            SyntheticFrame.ethernet(etherType: .ipv4, payload: ByteBuffer(bytes: [0x45, 0x00, 0x00])),
            a.frames(for: [user(truncatedISUP.encoded())])[0],
            a.frames(for: [user(badVersion)])[0],
            SyntheticFrame.ethernetIP(
                source: SyntheticCaptures.hostA, destination: SyntheticCaptures.hostB, protocolNumber: 132,
                payload: overrun),
            a.frames(for: [user(SyntheticSignalling.m3uaData(call[4]))])[0],
        ]
        return data.enumerated().map { index, bytes in
            CapturedFrame(
                number: index + 1, timestamp: CaptureTimestamp(seconds: 1000 + Int64(index), nanoseconds: 0),
                linkType: .ethernet, data: bytes)
        }
    }

    @Test("docs/decode.md: undecodable frames, M3UA and ISUP errors become records; later frames still decode")
    func errorsAreRecords() throws {
        var decoder = SignallingDecoder()
        let records = try Self.damagedCapture().flatMap { decoder.decode($0) }
        #expect(
            SyntheticCaptureDecodingTests.rows(records) == [
                "1.0 IAM 42", "2.0 ? error", "3.0 IAM 42 error", "4.0 ? error", "5.0 ANM 42", "5.1 ? error",
                "6.0 RLC 42",
            ])
        #expect(records[1].carrier == .undecodable)
        #expect(records[1].error?.hasPrefix("frame: ") == true)
        // The ISUP error keeps the M3UA summary and the CIC and type the ISUP decoder could read.
        #expect(records[2].error?.hasPrefix("ISUP: ") == true)
        #expect(records[2].m3ua?.opc == 1001)
        #expect(records[2].isup?.cic == 42)
        // RFC 4666 §3.8.1 Invalid Version: the header summary is still given.
        #expect(records[3].error?.hasPrefix("M3UA: ") == true)
        #expect(records[3].m3ua?.messageClass == 1)
        #expect(records[3].m3ua?.name == "?")
        // RFC 9260 §3.2: the chunk after the good DATA chunk overruns the packet.
        #expect(records[5].error?.hasPrefix("SCTP: ") == true)
        #expect(records[5].carrier == .undecodable)
    }
}
