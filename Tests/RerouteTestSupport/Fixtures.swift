public import NIOCore
public import Foundation

/// Loads captures from the project's `pcap-fixtures/` folder (never from `../shared`).
public enum Fixtures {
    /// The package root, found from this source file's path.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    public static let directory: URL = packageRoot.appendingPathComponent("pcap-fixtures")

    /// The bytes of fixture `name`.
    public static func load(_ name: String) throws -> ByteBuffer {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return ByteBuffer(bytes: data)
    }

    /// Every capture file in the fixture folder (everything but `SOURCES.md`).
    public static func allCaptureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .sorted()
    }
}

/// A seeded SplitMix64 generator so mutation loops are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hostile-input mutations of one message: truncation, bit flips, and length-like bytes nudged by one.
public enum Mutator {
    public static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        guard !bytes.isEmpty else { return [UInt8.random(in: 0...255, using: &rng)] }
        var out = bytes
        switch rng.next() % 5 {
        case 0:
            out.removeLast(Int.random(in: 1...out.count, using: &rng))
        case 1:
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let index = Int.random(in: 0..<out.count, using: &rng)
                out[index] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            }
        case 2:
            let index = Int.random(in: 0..<out.count, using: &rng)
            out[index] = rng.next() % 2 == 0 ? out[index] &+ 1 : out[index] &- 1
        case 3:
            let index = Int.random(in: 0..<out.count, using: &rng)
            out[index] = UInt8.random(in: 0...255, using: &rng)
        default:
            let extra = (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            out.insert(contentsOf: extra, at: Int.random(in: 0...out.count, using: &rng))
        }
        return out
    }
}
