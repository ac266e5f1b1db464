import GatewayReplay
import ISUPWire
import NIOCore
import PCAPWire
import SignallingCapture
import TelecomTypes
import Testing

/// Circuit maintenance from the MSC, replayed (no public capture has these messages: pcap-fixtures/SOURCES.md).
@Suite("Replay of circuit maintenance (Q.764 §2.8, §2.9.3)")
struct ReplayMaintenanceTests {
    static func message(_ type: ISUPMessageType, cic: UInt32, parameters: [ISUPParameter] = []) -> ByteBuffer {
        var message = ISUPMessage(cic: CircuitIdentificationCode(cic), type: type)
        for parameter in parameters { message.setParameter(parameter) }
        return message.encoded
    }

    static func replay(_ messages: [ByteBuffer]) -> [String] {
        var session = ReplaySession(
            configuration: .init(
                gatewayPointCode: PointCode(2), equippedCICs: (1...31).map { CircuitIdentificationCode($0) },
                scenario: .answer(after: .seconds(1))),
            peerPointCode: PointCode(1))
        session.enqueue(messages.enumerated().map { index, bytes in
            ReplayInput(
                time: 1_000_000_000 * Int64(index + 1), frame: index + 1, opc: PointCode(1), dpc: PointCode(2),
                isup: bytes)
        })
        session.runToEnd()
        var decoder = SignallingDecoder()
        return session.output.flatMap { decoder.decode($0) }.compactMap { record in
            record.isup.map { "\($0.name) \($0.cic)" }
        }
    }

    @Test("Q.764 §2.9.3.2 GRS → GRA; §2.8.2 BLO → BLA, UBL → UBA; §2.9.3.1 RSC → RLC; §2.8.3 CQM → CQR")
    func maintenanceAnswers() {
        let range = ISUPParameter(code: .rangeAndStatus, value: ByteBuffer(bytes: [7]))
        let sent = Self.replay([
            Self.message(.circuitGroupReset, cic: 1, parameters: [range]),
            Self.message(.blocking, cic: 5),
            Self.message(.unblocking, cic: 5),
            Self.message(.resetCircuit, cic: 9),
            Self.message(.circuitGroupQuery, cic: 1, parameters: [range]),
        ])
        #expect(sent == ["GRA 1", "BLA 5", "UBA 5", "RLC 9", "CQR 1"])
    }

    /// Q.764 §2.8.2.3: an IAM received on a circuit the peer blocked for maintenance removes that blocking, and the
    /// call proceeds.
    @Test("Q.764 §2.8.2.3: BLO → BLA, then an IAM on the blocked circuit unblocks it and is answered with ACM")
    func iamOnBlockedCircuit() {
        var iam = ISUPMessage(cic: CircuitIdentificationCode(5), type: .initialAddress)
        iam.setParameter(ISUPParameter(code: .natureOfConnectionIndicators, value: ByteBuffer(bytes: [0x00])))
        iam.setParameter(ISUPParameter(code: .forwardCallIndicators, value: ByteBuffer(bytes: [0x60, 0x01])))
        iam.setParameter(ISUPParameter(code: .callingPartysCategory, value: ByteBuffer(bytes: [0x0A])))
        iam.setParameter(ISUPParameter(code: .transmissionMediumRequirement, value: ByteBuffer(bytes: [0x03])))
        iam.setParameter(.calledPartyNumber, to: ISUPNumber(signals: AddressSignals(codes: [4, 6, 7, 0, 1, 15])))
        let sent = Self.replay([
            Self.message(.blocking, cic: 5),
            iam.encoded,
        ])
        #expect(Array(sent.prefix(3)) == ["BLA 5", "ACM 5", "ANM 5"])
    }
}
