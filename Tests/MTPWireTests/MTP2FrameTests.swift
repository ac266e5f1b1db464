import MTPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing
import WireSupport

@Suite("MTP2 signal units (ITU-T Q.703 §2.2, §2.3)")
struct MTP2FrameTests {
    static func roundTrip(_ hex: String) throws -> MTP2Frame {
        let frame = try MTP2Frame.decode(ByteBuffer(hex: hex))
        var out = ByteBuffer()
        frame.encode(into: &out)
        #expect(out == ByteBuffer(hex: hex), "\(hex)")
        return frame
    }

    @Test("Q.703 §2.2: FISU (LI 0) with BSN/BIB and FSN/FIB; with and without FCS")
    func fisu() throws {
        let frame = try Self.roundTrip("8a0500")
        #expect(frame.backwardSequenceNumber == 10 && frame.backwardIndicatorBit)
        #expect(frame.forwardSequenceNumber == 5 && !frame.forwardIndicatorBit)
        #expect(frame.signalUnit == .fillIn && frame.frameCheckSequence == nil && frame.msu == nil)
        let withFCS = try Self.roundTrip("8a05001234")
        #expect(withFCS.signalUnit == .fillIn && withFCS.frameCheckSequence == 0x1234)
    }

    @Test("Q.703 §11.1.3: LSSU status field of one or two octets (SIN, SIOS, SIB)")
    func lssu() throws {
        let sin = try Self.roundTrip("7fff0101")
        guard case .linkStatus(let status) = sin.signalUnit else { Issue.record("not LSSU"); return }
        #expect(status.indication == .normalAlignment && status.description == "SIN")
        #expect(sin.backwardSequenceNumber == 127 && sin.forwardIndicatorBit)
        let sios = try Self.roundTrip("0000020300")
        guard case .linkStatus(let two) = sios.signalUnit else { Issue.record("not LSSU"); return }
        #expect(two.indication == .outOfService && two.statusField == [3, 0])
        let sib = try Self.roundTrip("00000105abcd")
        guard case .linkStatus(let busy) = sib.signalUnit else { Issue.record("not LSSU"); return }
        #expect(busy.indication == .busy && sib.frameCheckSequence == 0xABCD)
    }

    @Test("Q.703 §2.3.3: MSU (LI ≥ 3) carries SIO + SIF; .msu gives the MTP3 message")
    func msu() throws {
        let frame = try Self.roundTrip("01810b85203c99f30f001000693a")
        let msu = try #require(frame.msu)
        #expect(msu.routingLabel.destinationPointCode == PointCode(15392))
        #expect(msu.routingLabel.originatingPointCode == PointCode(3684))
        #expect(msu.serviceInformationOctet.serviceIndicator == .isup)
        // Spare bits above the LI are kept.
        let spare = try Self.roundTrip("0181cb85203c99f30f001000693a")
        #expect(spare.spare == 3 && spare.msu == msu)
    }

    @Test("Q.703 §2.3.3: LI 63 stands for 63 or more octets")
    func longMSU() throws {
        let sif = String(repeating: "aa", count: 70)
        let frame = try Self.roundTrip("00003f85203c99f3" + sif)
        #expect(frame.msu?.payload.readableBytes == 70 && frame.frameCheckSequence == nil)
        #expect(throws: MTPDecodingError.self) { try MTP2Frame.decode(ByteBuffer(hex: "00003f85203c99f3aa")) }
    }

    @Test("Q.703 §2.3.3: LI not matching the content is a typed error; so is a cut header")
    func mismatches() {
        for hex in ["01810c85203c99f30f001000693a", "000001", "00000201", "0000", "0000048500"] {
            #expect(throws: MTPDecodingError.self, "\(hex)") { try MTP2Frame.decode(ByteBuffer(hex: hex)) }
        }
        do {
            _ = try MTP2Frame.decode(ByteBuffer(hex: "01810c85203c99f30f001000693a"))
        } catch {
            #expect(error.kind == .lengthIndicatorMismatch(lengthIndicator: 12, contentLength: 11))
        }
    }

    @Test("Mutation loop: MTP2 decoding never crashes; what decodes re-encodes to the same value")
    func mutationLoop() throws {
        let seeds = [
            "8a0500", "8a05001234", "7fff0101", "0000020300", "01810b85203c99f30f001000693a",
            "00003f85203c99f3" + String(repeating: "aa", count: 70),
        ].map { ByteBuffer(hex: $0).readableBytesArray }
        var rng = SeededGenerator(seed: 703)
        var decoded = 0
        for round in 0..<20_000 {
            let bytes = Mutator.mutate(seeds[round % seeds.count], using: &rng)
            guard let frame = try? MTP2Frame.decode(ByteBuffer(bytes: bytes)) else { continue }
            decoded += 1
            var out = ByteBuffer()
            frame.encode(into: &out)
            #expect(try MTP2Frame.decode(out) == frame, "\(bytes)")
        }
        #expect(decoded > 1_000)
    }
}
