import NIOCore

/// Reassembles fragmented IPv4 (RFC 791 §3.2, "Fragmentation and Reassembly") and IPv6 (RFC 8200 §4.5)
/// datagrams.
///
/// Fragments are keyed by source, destination, protocol and identification. Duplicate and overlapping
/// fragments are tolerated (later bytes overwrite earlier ones). Memory is bounded: at most
/// `maxPendingDatagrams` incomplete datagrams, each at most `maxDatagramSize` bytes; when a new datagram
/// would exceed the count, the one that started longest ago is dropped. Fragments that reach past
/// `maxDatagramSize`, or contradict an already known end of the datagram, are dropped and counted.
///
/// For IPv6 the result's payload starts after the Fragment header, so more extension headers may follow;
/// `PacketDissector` walks them.
public struct IPReassembler: Sendable {
    /// Identifies the datagram a fragment belongs to.
    public struct Key: Hashable, Sendable {
        public var source: IPAddress
        public var destination: IPAddress
        public var protocolNumber: UInt8
        public var identification: UInt32
    }

    private struct Pending: Sendable {
        var bytes: [UInt8] = []
        /// Sorted, merged, non-empty ranges received so far.
        var covered: [Range<Int>] = []
        /// Known once the fragment with MF = 0 arrived.
        var totalLength: Int?
        /// When this datagram's first fragment arrived, for eviction.
        var started: UInt64

        mutating func insert(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            var merged = range
            var kept: [Range<Int>] = []
            for existing in covered {
                if existing.upperBound < merged.lowerBound || existing.lowerBound > merged.upperBound {
                    kept.append(existing)
                } else {
                    merged = min(existing.lowerBound, merged.lowerBound)..<max(existing.upperBound, merged.upperBound)
                }
            }
            kept.append(merged)
            covered = kept.sorted { $0.lowerBound < $1.lowerBound }
        }

        var isComplete: Bool {
            guard let totalLength else { return false }
            return totalLength == 0 ? true : covered == [0..<totalLength]
        }
    }

    public let maxPendingDatagrams: Int
    public let maxDatagramSize: Int
    private var pending: [Key: Pending] = [:]
    private var clock: UInt64 = 0
    /// Incomplete datagrams dropped to make room for newer ones.
    public private(set) var evictedDatagrams = 0
    /// Fragments dropped because they were too large or inconsistent.
    public private(set) var discardedFragments = 0

    public init(maxPendingDatagrams: Int = 64, maxDatagramSize: Int = 65_535) {
        self.maxPendingDatagrams = max(1, maxPendingDatagrams)
        self.maxDatagramSize = max(0, maxDatagramSize)
    }

    /// The number of incomplete datagrams held.
    public var pendingCount: Int { pending.count }

    /// Adds a fragment; returns the datagram when this fragment completes it.
    public mutating func feed(_ fragment: IPFragment) -> IPDatagram? {
        let length = fragment.payload.readableBytes
        let (end, overflow) = fragment.offset.addingReportingOverflow(length)
        guard fragment.offset >= 0, !overflow, end <= maxDatagramSize else {
            discardedFragments += 1
            return nil
        }
        let key = Key(
            source: fragment.source, destination: fragment.destination, protocolNumber: fragment.protocolNumber,
            identification: fragment.identification)
        if fragment.offset == 0, !fragment.moreFragments, pending[key] == nil {
            return datagram(key, payload: fragment.payload)
        }
        var entry = pending[key] ?? startEntry()
        if !fragment.moreFragments {
            // RFC 791: the last fragment fixes the datagram's length; bytes already seen past it contradict it.
            if let known = entry.totalLength, known != end { return drop(key) }
            if let last = entry.covered.last, last.upperBound > end { return drop(key) }
            entry.totalLength = end
        } else if let known = entry.totalLength, end > known {
            return drop(key)
        }
        if entry.bytes.count < end { entry.bytes += [UInt8](repeating: 0, count: end - entry.bytes.count) }
        fragment.payload.withUnsafeReadableBytes { raw in
            entry.bytes.replaceSubrange(fragment.offset..<end, with: raw)
        }
        entry.insert(fragment.offset..<end)
        guard entry.isComplete, let total = entry.totalLength else {
            pending[key] = entry
            return nil
        }
        pending[key] = nil
        return datagram(key, payload: ByteBuffer(bytes: entry.bytes.prefix(total)))
    }

    private mutating func startEntry() -> Pending {
        if pending.count >= maxPendingDatagrams,
            let oldest = pending.min(by: { $0.value.started < $1.value.started })?.key
        {
            pending[oldest] = nil
            evictedDatagrams += 1
        }
        clock &+= 1
        return Pending(started: clock)
    }

    private mutating func drop(_ key: Key) -> IPDatagram? {
        pending[key] = nil
        discardedFragments += 1
        return nil
    }

    private func datagram(_ key: Key, payload: ByteBuffer) -> IPDatagram {
        IPDatagram(source: key.source, destination: key.destination, protocolNumber: key.protocolNumber, payload: payload)
    }
}

/// The reassembler for IPv4 fragments (the same type serves IPv6).
public typealias IPv4Reassembler = IPReassembler
/// The reassembler for IPv6 fragments (the same type serves IPv4).
public typealias IPv6Reassembler = IPReassembler
