import Foundation
import GatewayRuntime
import ISUPProtocol
import MediaBridge
import MediaBridgeService
import MediaCodecs
import MediaTransport
import NIOCore
import NIOPosix
import RerouteTestSupport
import RoutingCore
import TelecomTypes
import Testing

/// The outbound validation call (issue 7 item 3): the gateway places an ISUP call to the number being validated and,
/// once it is answered, speaks the code twice on the call's timeslot from conf/prompts (espeak-ng), then releases.
@Suite("Outbound validation call: IAM out, the code spoken twice after the answer, REL (issue 7 item 3)", .serialized)
struct ValidationCallTests {
    static let prompts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("conf/prompts").path

    @Test("The script: the introduction, the six digits, \"I repeat\", the six digits again, goodbye — with pauses")
    func script() {
        let pieces = ValidationCallScript.pieces(code: "407213")
        let spoken = pieces.filter { if case .pause = $0 { false } else { true } }
        let digits: [ValidationCallScript.Piece] = [4, 0, 7, 2, 1, 3].map { .digit($0) }
        #expect(spoken == [.intro] + digits + [.repeatIntro] + digits + [.goodbye])
        // A pause after every digit: a listener writes each one down.
        for (index, piece) in pieces.enumerated() where { if case .digit = piece { true } else { false } }() {
            #expect(index + 1 < pieces.count && { if case .pause = pieces[index + 1] { true } else { false } }())
        }
    }

    @Test(
        "Q.764 §2.1 outgoing call: IAM to the number (international), the MSC answers, the timeslot carries the code's digit prompts in order twice, then REL cause 16 from the gateway",
        .timeLimit(.minutes(8)))
    func codeSpokenTwiceOnAnswer() async throws {
        try await MachineLoadGate.realTime {
            let prompts = try ValidationCallPrompts.load(directory: Self.prompts)
            // The called party's side of the E1: silent, recording what it hears.
            let loop = try await MediaLoopback.start(signal: [], duration: .seconds(40))
            let (media, ce) = (loop.media, loop.ce)
            let handle = ForkedCallTests.GatewayHandle()
            var cic: CircuitIdentificationCode?
            let code = "407213"
            try await ForkedCallTests.withGateways(
                ports: [], media: media, validationPrompts: prompts, gatewayHandle: handle
            ) { _, mscEvents, _ in
                let gateway = try #require(handle.gateway)
                let number = try E164Number(parsing: "+447700900321")
                // Q.764 §2.9.3.2: circuits are under reset until the GRA; retried (bounded) until one is free.
                let end = ContinuousClock.now + .seconds(20)
                while cic == nil, ContinuousClock.now < end {
                    cic = try await gateway.placeValidationCall(to: number, code: code).get()
                    if cic == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
                let placed = try #require(cic, "no validation call placed")
                // The MSC sees an incoming call, answers it ([calls] rule answer), and the gateway releases when done.
                #expect(try await mscEvents.wait(for: 1, timeout: .seconds(40)) {
                    if case .callReleased(placed, _) = $0 { true } else { false }
                })
                #expect(ForkedCallTests.released(mscEvents, placed) == .normalCallClearing)
            }
            let placed = try #require(cic)
            let heard = Array(ce.heard(timeslot: Int(placed.value)).joined())
            // Each digit's prompt (a 20 ms slice from its middle) is found on the timeslot, in the code's order, twice.
            var position = 0
            var found: [Int] = []
            for digit in (code + code).compactMap(\.wholeNumberValue) {
                let prompt = prompts.digits[digit]
                let slice = Array(prompt[(prompt.count / 2)..<(prompt.count / 2 + 160)])
                guard let at = Self.find(slice, in: heard, from: position) else { break }
                found.append(digit)
                position = at + slice.count
            }
            #expect(found == (code + code).compactMap(\.wholeNumberValue), "digits heard in order: \(found)")
            try await loop.stop()
        }
    }

    static func find(_ needle: [Int16], in haystack: [Int16], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == first, Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
