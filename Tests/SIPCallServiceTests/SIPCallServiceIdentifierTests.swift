import NIOCore
import NIOPosix
@testable import SIPCallService
import SIPForking
import SIPTransactions
import SIPWire
import Testing

/// The identifiers of the service's calls, without sockets: the service runs without a transport (nothing is
/// written), and its transaction layer and Call-ID index are read on its event loop once the calls are placed.
@Suite("SIPCallService identifiers")
struct SIPCallServiceIdentifierTests {
    static func contact(_ port: Int) -> SIPForkingContact {
        SIPForkingContact(
            uri: SIPURI(user: "device", host: "127.0.0.1", port: port),
            nextHop: SIPTransportAddress(transport: "UDP", host: "127.0.0.1", port: port))
    }

    // RFC 3261 §8.1.1.7: the branch "MUST be unique across space and time for all requests sent by the UA";
    // §8.1.1.4: "all requests and responses sent by either UA in a dialog" carry one Call-ID, and a new call gets a
    // new one. Calls n and n + 5 of one service used to draw the same tag, branch, Call-ID and CSeq for different
    // branches (per-call generators seeded n increments apart on one SplitMix64 stream): the later INVITE was refused
    // by the transaction layer (duplicate branch) and never sent, and responses went to the wrong call.
    @Test("RFC 3261 §8.1.1.7, §8.1.1.4: every branch of every call gets its own branch and Call-ID")
    func everyBranchHasItsOwnTransaction() async throws {
        // No timer may end a transaction or a call while the test runs, however loaded the machine (Timer B is
        // 64·T1, the ring timeout CANCELs): both an hour away.
        var timers = SIPTimerConfiguration()
        timers.t1 = .seconds(60)
        let service = SIPCallService(
            configuration: SIPCallServiceConfiguration(
                host: "127.0.0.1", port: 5060, ringTimeout: .seconds(3600), sessionTimers: false,
                transactionTimers: timers, seed: 7),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        let call = SIPForkingCall(
            from: SIPAddress(uri: SIPURI(user: "+442079460000", host: "gw.example.net")),
            to: SIPAddress(uri: SIPURI(user: "+447700900123", host: "gw.example.net")), offer: [])
        let calls = 20
        for _ in 0..<calls {
            _ = try await service.placeCall(
                call, offer: nil, contacts: [Self.contact(5071), Self.contact(5072)], events: { _ in }
            ).get()
        }
        let (transactions, callIDs) = try await service.eventLoop.submit {
            (service.transactions.count, service.callBySIPCallID.count)
        }.get()
        #expect(transactions == 2 * calls, "one INVITE client transaction per branch")
        #expect(callIDs == 2 * calls, "one Call-ID per branch")
        try await service.shutdown().get()
    }
}
