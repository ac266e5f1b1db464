import NIOCore
import SIGTRANTransport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Loopback throughput, run on demand: `SIGTRAN_BENCH=100000 swift test -c release --filter Throughput`.
@Suite("Throughput (on demand)", .serialized)
struct ThroughputBenchmark {
    typealias F = TransportFixtures

    static let count: Int? = getenv("SIGTRAN_BENCH").flatMap { Int(String(cString: $0)) }

    @Test(
        "Loopback messages/s, 64-byte M3UA messages on 4 streams, client to server",
        .enabled(if: count != nil, "set SIGTRAN_BENCH=<messages> to measure"),
        arguments: SIGTRANTransportKind.loopbackKinds)
    func messagesPerSecond(kind: SIGTRANTransportKind) async throws {
        let count = Self.count ?? 0
        let pair = try await F.connectPair(kind)
        let message = F.beat(sequence: 1, dataLength: 52)
        let start = ContinuousClock.now
        let client = pair.client
        F.loop.execute {
            for index in 0..<count { client.send(message: message, stream: UInt16(index % 4) + 1, ppid: 3) }
        }
        try await pair.serverEvents.waitForMessages(count, timeout: .seconds(120))
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("THROUGHPUT \(kind.rawValue): \(count) messages in \(seconds) s = \(Int(Double(count) / seconds)) msg/s")
        #expect(pair.serverEvents.messages.count == count)
        try await pair.close()
    }
}
