import NIOCore
import RerouteTestSupport
import SCTPWire
import Testing

@Suite("SCTP packets (RFC 9260 §3)")
struct SCTPPacketTests {
    /// Chunk types per frame of sctp-test.cap, from `tshark -T fields -e frame.number -e sctp.chunk_type`.
    static let tsharkChunkTypes =
        "1:1 2:2 3:10 4:11 5:0,0 6:3,0,0 7:0,0 8:3,0,0 9:0,0 10:0,0 11:3,0,0 12:3,0 13:3,0,0 14:0 15:0,0 16:3,0,0 "
        + "17:3,0 18:0,0 19:3,0,0 20:0 21:0 22:3,0,0 23:3 24:3,0 25:0,0 26:3,0,0 27:3,0,0 28:0 29:3,0,0 30:3,0,0 "
        + "31:3,0,0 32:3,0 33:3,0,0 34:0,0 35:3,0,0 36:0 37:3,0,0 38:3,0,0 39:3,0,0 40:3,0 41:3,0,0 42:3,0,0 "
        + "43:0,0 44:3,0,0 45:0 46:3,0,0 47:3,0,0 48:3,0,0 49:3,0 50:3,0,0 51:0,0 52:3,0,0 53:0 54:3,0,0 55:3,0,0 "
        + "56:3,0,0 57:3,0 58:3,0,0 59:0,0 60:3,0,0 61:0 62:3,0,0 63:3,0,0 64:3,0,0 65:3,0 66:3,0,0 67:0,0 68:3,0,0 "
        + "69:0 70:3,0,0 71:3,0,0 72:3,0,0 73:3,0 74:3,0,0"

    @Test("sctp-test.cap: all 74 packets decode with valid CRC32c, match tshark's chunk list, round-trip exactly")
    func fixtureRoundTrip() throws {
        let frames = try TestCapture.sctpFrames("sctp-test.cap")
        #expect(frames.count == 74)
        var rendered: [String] = []
        var streams = Set<UInt16>()
        var dataChunks = 0
        for frame in frames {
            let packet = try SCTPPacket.decode(frame.sctp)
            #expect(packet.checksumIsValid, "frame \(frame.frameNumber)")
            #expect(packet.errors.isEmpty, "frame \(frame.frameNumber)")
            #expect(packet.commonHeader.sourcePort == 7 && packet.commonHeader.destinationPort == 7)
            rendered.append("\(frame.frameNumber):" + packet.chunks.map { String($0.type.rawValue) }.joined(separator: ","))
            for case .data(let data) in packet.chunks {
                streams.insert(data.streamIdentifier)
                dataChunks += 1
                #expect(data.payloadProtocolIdentifier == 0)
            }
            var out = ByteBuffer()
            packet.encode(into: &out)
            #expect(out == frame.sctp, "frame \(frame.frameNumber) round trip")
        }
        #expect(rendered.joined(separator: " ") == Self.tsharkChunkTypes)
        #expect(streams == Set(0...11))
        #expect(dataChunks == 120)
    }

    @Test("sctp-test.cap frames 1-4 handshake: INIT, INIT ACK with cookie, COOKIE ECHO, COOKIE ACK")
    func handshake() throws {
        let initPacket = try SCTPPacket.decode(
            ByteBuffer(hex: "00070007000000003761a74601000020432325440000ffff001100115cfe379fc0000004000c000600050000"))
        #expect(initPacket.checksumIsValid && initPacket.commonHeader.verificationTag == 0)
        guard case .initiation(let initChunk) = initPacket.chunks.first else { Issue.record("INIT"); return }
        #expect(initChunk.initiateTag == 0x4323_2544 && initChunk.initialTSN == 1_560_164_255)
        #expect(initChunk.numberOfOutboundStreams == 17 && initChunk.isForwardTSNSupported)
        #expect(initChunk.supportedAddressTypes == [5])

        let initAck = try SCTPPacket.decode(
            ByteBuffer(
                hex: "0007000743232544c90185240200008000000eb00000100000110011000036140007006800000eb0000010000011"
                    + "001100003614432325440000ffff001100115cfe379f070007000000000000000000a285b13f1027000017cd8f1c"
                    + "11769b0455c0d0f22c3e7c3500010001000000000000000000050008c0a8aa3800050008c0a8aa08c0000004c0000004"
            ))
        #expect(initAck.checksumIsValid)
        guard case .initiationAck(let ack) = initAck.chunks.first else { Issue.record("INIT ACK"); return }
        #expect(ack.initiateTag == 0xEB0 && ack.advertisedReceiverWindowCredit == 4096 && ack.initialTSN == 13844)
        #expect(ack.stateCookie?.readableBytes == 100)

        let cookieAck = try SCTPPacket.decode(ByteBuffer(hex: "0007000743232544ceec2d790b000004"))
        #expect(cookieAck.checksumIsValid && cookieAck.chunks == [.cookieAck(SCTPCookieAckChunk())])
    }

    @Test("RFC 9260 §6.8: a bad checksum is flagged and the chunks are still decoded")
    func badChecksum() throws {
        let good = ByteBuffer(hex: "0007000700000eb0ba043258030000100000361c0000ffff00000000")
        var bad = good
        bad.setInteger(UInt8(0xBB), at: 8)
        let goodPacket = try SCTPPacket.decode(good)
        let badPacket = try SCTPPacket.decode(bad)
        #expect(goodPacket.checksumIsValid && !badPacket.checksumIsValid)
        #expect(badPacket.chunks == goodPacket.chunks)
        #expect(badPacket.chunks == [.selectiveAck(.init(cumulativeTSNAck: 13852, advertisedReceiverWindowCredit: 65535))])
        var kept = ByteBuffer()
        badPacket.encode(into: &kept, computeChecksum: false)
        #expect(kept == bad)
        var fixed = ByteBuffer()
        badPacket.encode(into: &fixed)
        #expect(fixed == good)
    }

    @Test("RFC 9260 §3.1: fewer than 12 bytes is a typed error")
    func tooShort() {
        #expect(throws: SCTPDecodingError.self) { try SCTPPacket.decode(ByteBuffer(hex: "000700070000")) }
        let empty = try? SCTPPacket.decode(ByteBuffer(hex: "0007000700000eb000000000"))
        #expect(empty?.chunks == [] && empty?.malformedTail == nil)
    }

    @Test("RFC 9260 §3.2: chunk length below 4 stops the walk, keeps the chunks before it and the raw tail")
    func lengthTooShort() throws {
        let packet = try SCTPPacket.decode(ByteBuffer(hex: "0b590b5900000001 00000000 0b000004 07000002 00000001"))
        #expect(packet.chunks == [.cookieAck(SCTPCookieAckChunk())])
        #expect(packet.malformedTail?.error.kind == .chunkLengthTooShort(length: 2))
        #expect(packet.malformedTail?.error.offset == 16)
        #expect(packet.malformedTail?.bytes == ByteBuffer(hex: "0700000200000001"))
        var out = ByteBuffer()
        packet.encode(into: &out, computeChecksum: false)
        #expect(try SCTPPacket.decode(out) == packet)
    }

    @Test("RFC 9260 §3.2: chunk length past the end, and a truncated chunk header, are typed tail errors")
    func overrunAndTruncatedHeader() throws {
        let overrun = try SCTPPacket.decode(ByteBuffer(hex: "0b590b5900000001 00000000 0b000004 07000010 00000001"))
        #expect(overrun.chunks.count == 1)
        #expect(overrun.malformedTail?.error.kind == .chunkLengthOverrun(length: 16, available: 8))
        #expect(overrun.malformedTail?.error.chunkType == .shutdown)
        let truncated = try SCTPPacket.decode(ByteBuffer(hex: "0b590b5900000001 00000000 0b000004 0700"))
        #expect(truncated.malformedTail?.error.kind == .chunkHeaderTruncated(available: 2))
    }

    @Test("RFC 9260 §3.2: a missing pad after the last chunk is accepted")
    func missingLastPadding() throws {
        let packet = try SCTPPacket.decode(ByteBuffer(hex: "0b590b5900000001 00000000 0a000005 61"))
        #expect(packet.errors.isEmpty)
        #expect(packet.chunks == [.cookieEcho(SCTPCookieEchoChunk(cookie: ByteBuffer(string: "a")))])
    }

    @Test("A known chunk with a malformed value is kept raw with its error and decoding continues")
    func malformedValueContinues() throws {
        // SACK claiming 1 gap block but carrying none, then a COOKIE ACK.
        let bytes = ByteBuffer(hex: "0b590b5900000001 00000000 03000010 00000001 00001000 00010000 0b000004")
        let packet = try SCTPPacket.decode(bytes)
        #expect(packet.chunks.count == 2)
        guard case .malformed(let raw, let error) = packet.chunks.first else { Issue.record("not malformed"); return }
        #expect(raw.type == .selectiveAck && raw.value.readableBytes == 12)
        #expect(error.kind == .chunkValueLengthInvalid(actual: 12) && error.offset == 12)
        #expect(packet.chunks.last == .cookieAck(SCTPCookieAckChunk()))
        var out = ByteBuffer()
        packet.encode(into: &out, computeChecksum: false)
        #expect(out == bytes)
    }
}
