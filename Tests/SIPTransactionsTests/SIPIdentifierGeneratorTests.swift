import SIPTransactions
import SIPWire
import Testing

/// Injected identifiers (RFC 3261 §8.1.1.4, §8.1.1.5, §8.1.1.7, §19.3).
@Suite("SIPIdentifierGenerator")
struct SIPIdentifierGeneratorTests {
    @Test("RFC 3261 §8.1.1.7 branches carry z9hG4bK; a seed replays the same identifiers, all distinct")
    func deterministicAndUnique() {
        var first = SIPIdentifierGenerator(seed: 42)
        var second = SIPIdentifierGenerator(seed: 42)
        var seen: Set<String> = []
        for _ in 0..<5_000 {
            let branch = first.branch()
            #expect(branch == second.branch())
            #expect(branch.hasPrefix(SIPVia.magicCookie))
            seen.insert(branch)
            seen.insert(first.tag())
            _ = second.tag()
        }
        #expect(seen.count == 10_000)
        var other = SIPIdentifierGenerator(seed: 43)
        var again = SIPIdentifierGenerator(seed: 42)
        let (otherBranch, firstBranch) = (other.branch(), again.branch())
        #expect(otherBranch != firstBranch)
    }

    @Test("RFC 3261 §20.8 Call-ID is a word@word the codec accepts; §8.1.1.5 initial CSeq below 2**31")
    func callIDAndSequence() throws {
        var identifiers = SIPIdentifierGenerator(seed: 7)
        let callID = identifiers.callID(host: "gw.example.net")
        let headers = SIPHeaders([("Call-ID", callID)])
        #expect(try headers.callID() == callID)
        for _ in 0..<1_000 {
            let sequence = identifiers.initialSequence()
            #expect(sequence > 0 && sequence < 1 << 31)
        }
    }

    @Test("RFC 3261 §8.1.1.7: generators split off one stream share no identifier; seeds one increment apart do")
    func splitGeneratorsAreDisjoint() {
        var parent = SIPIdentifierGenerator(seed: 42)
        var seen: Set<String> = []
        for _ in 0..<200 {
            var child = parent.split()
            for _ in 0..<10 { seen.insert(child.tag()) }
        }
        #expect(seen.count == 2_000)
        // Why split: seeded `seed + n × increment` (SplitMix64's own increment), generator n + 1 replays generator
        // n's stream one draw later, which gave calls n and n + 5 the same branch and Call-ID.
        let increment: UInt64 = 0x9E37_79B9_7F4A_7C15
        var callN = SIPIdentifierGenerator(seed: 42 &+ increment)
        var callNPlusOne = SIPIdentifierGenerator(seed: 42 &+ 2 &* increment)
        _ = callN.tag()
        #expect(callN.branch() == callNPlusOne.branch())
    }
}
