import M3UAProtocol
import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes

/// Shared builders for the state machine scripts.
enum Script {
    /// Captured in `m3ua_isup.cap` (see M3UAWireTests/M3UAFixtureVectors): ASPUP ACK without parameters.
    static let aspUpAckBytes = ByteBuffer(hex: "0100030400000008")
    /// Captured: NTFY AS-INACTIVE, ASP Identifier 1, Routing Context 0.
    static let notifyASInactiveBytes = ByteBuffer(
        hex: "0100000100000020000d00080001000200110008000000010006000800000000")
    /// Captured: NTFY AS-ACTIVE, ASP Identifier 1, Routing Context 0.
    static let notifyASActiveBytes = ByteBuffer(hex: "0100000100000020000d00080001000300110008000000010006000800000000")
    /// Captured: ASPAC ACK with Routing Context 0.
    static let aspActiveAckBytes = ByteBuffer(hex: "01000403000000100006000800000000")
    /// Captured: DATA, OPC 1 → DPC 2, SI 5 (ISUP), NI 2, SLS 0, an ISUP IAM.
    static let dataBytes = ByteBuffer(
        hex: "01000101000000340210002a0000000100000002050200000100010020010a030208060290214365000a06021321436587000000")

    static let ack0 = M3UATimer(.ack, generation: 1)

    static func configuration(
        routingContexts: [UInt32] = [], heartbeat: Duration? = nil, retransmissions: Int = 4,
        routes: [M3UAMaskedPointCode] = []
    ) -> M3UAASPConfiguration {
        var configuration = M3UAASPConfiguration()
        configuration.routingContexts = routingContexts
        if let heartbeat {
            configuration.timers.heartbeatEnabled = true
            configuration.timers.heartbeatInterval = heartbeat
        }
        configuration.timers.maximumRetransmissions = retransmissions
        configuration.routes = routes
        return configuration
    }

    static func protocolData(sls: UInt8, opc: UInt32 = 1, dpc: UInt32 = 2) -> M3UAProtocolData {
        M3UAProtocolData(
            originatingPointCode: PointCode(opc), destinationPointCode: PointCode(dpc), serviceIndicator: .isup,
            networkIndicator: NetworkIndicator(2), signallingLinkSelection: sls,
            userProtocolData: ByteBuffer(bytes: [0x01, 0x00, 0x01]))
    }

    /// An ASP brought to ASP-ACTIVE over 4 outbound streams; the next timer generation is 3.
    static func activeASP(_ configuration: M3UAASPConfiguration = Script.configuration()) -> M3UAASPStateMachine {
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 4)
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        _ = asp.receive(.aspActiveAck(M3UAASPActiveAck()), stream: 0)
        return asp
    }

    /// The messages among the actions.
    static func sent(_ actions: [M3UAAction]) -> [M3UAMessage] {
        actions.compactMap { if case .send(let message, _) = $0 { message } else { nil } }
    }

    /// The error codes of the ERR messages among the actions.
    static func errorCodes(_ actions: [M3UAAction]) -> [M3UAErrorCode] {
        sent(actions).compactMap { if case .error(let error) = $0 { error.errorCode } else { nil } }
    }

    static func timers(_ actions: [M3UAAction]) -> [M3UATimer] {
        actions.compactMap { if case .startTimer(let timer, _) = $0 { timer } else { nil } }
    }

    static func sgSent(_ actions: [M3UASGAction], to association: M3UAAssociationID? = nil) -> [M3UAMessage] {
        actions.compactMap {
            if case .send(let message, let target, _) = $0, association.map({ $0 == target }) ?? true {
                message
            } else {
                nil
            }
        }
    }
}
