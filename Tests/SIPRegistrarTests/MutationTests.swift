import NIOCore
import RerouteTestSupport
import SIPRegistrar
import SIPWire
import Testing

@Suite("REGISTER handling under hostile input")
struct MutationTests {

    @Test("Mutated authenticated REGISTERs: never a crash; every parsed request gets exactly one final answer")
    func mutationLoop() throws {
        var machine = registrar { $0.rateLimit = .init(ratePerSecond: 1e9, burst: 1e9) }
        var client = RegistrarTestClient(contact: "<sip:alice@192.0.2.10:5062>;+sip.instance=\"<urn:uuid:1>\";reg-id=1")
        client.extraHeaders = [("Supported", "outbound")]
        let offered = challenges(machine.receive(client.register(), from: client.flow, now: t0).response)
        let seedRequest = client.register(authorization: client.answer(offered[0]))
        let original = SIPMessage.request(seedRequest).encoded
        var random = SeededGenerator(seed: 0x5EED_0005)
        let alphabet = Array("0123456789;:,=<>\"*@ \r\nSIPabcxyz-+".utf8)
        var parsed = 0
        var answered: [Int: Int] = [:]
        for round in 0..<3_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(alphabet.randomElement(using: &random)!, at: index)
                default: bytes[index] = UInt8.random(in: 0...255, using: &random)
                }
                if bytes.isEmpty { break }
            }
            guard case .request(let request) = try? SIPMessage(datagram: bytes) else { continue }
            parsed += 1
            let now = t0 + .milliseconds(Int64(round))
            let status: SIPStatus?
            switch machine.receive(request, from: client.flow, now: now) {
            case .respond(let response):
                status = response?.status
                if response == nil { #expect(request.method == .ack) }
            case .forwardToCallSide:
                Issue.record("INVITE forwarded with the flag off")
                status = nil
            case .authenticate:
                let actions = machine.register(request, from: client.flow, credentials: client.credentials, now: now)
                let responses = actions.compactMap(\.response)
                #expect(responses.count == 1)
                status = responses.first?.status
            }
            if let status {
                #expect(status.isFinal)
                answered[status.rawValue, default: 0] += 1
            }
        }
        // The loop must have exercised the parser and the registrar beyond the 400 path.
        #expect(parsed > 500)
        #expect(answered.keys.count >= 3)
    }
}
