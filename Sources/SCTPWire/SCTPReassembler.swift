import NIOCore

/// Rebuilds user messages from DATA (RFC 9260 §6.9) and I-DATA (RFC 8260 §2.1) chunks seen in a capture.
///
/// This is a passive observer, not an endpoint: it does no ordering across messages, no SACKs and no
/// duplicate suppression. Every unfragmented chunk (B and E set) comes out at once, retransmissions included,
/// because a decoder printing a capture shows retransmissions too. Fragments are collected until a message is
/// complete, in whatever order they arrive:
///
/// ```
/// DATA, ordered    bucket (flow, stream, SSN)      fragments keyed by TSN; complete when a B … E run of
/// DATA, unordered  bucket (flow, stream, "U")      consecutive TSNs is present (RFC 9260 §6.9: "the TSNs
///                                                   of fragments … are in strict sequence")
/// I-DATA           bucket (flow, stream, U, MID)   fragments keyed by FSN; complete when FSN 0 (B) … E present
/// ```
///
/// Memory is bounded by `Limits`: a message growing beyond `maxMessageSize` is dropped, and when the pending
/// bytes or pending messages exceed their limits the oldest pending message is evicted. `statistics` counts
/// what was dropped.
public struct SCTPReassembler: Sendable {
    /// Bounds on the state kept for incomplete messages.
    public struct Limits: Hashable, Sendable {
        /// The largest user message rebuilt; bigger ones are dropped (default 1 MiB).
        public var maxMessageSize: Int
        /// The most payload bytes held in incomplete messages, all flows together (default 16 MiB).
        public var maxPendingBytes: Int
        /// The most incomplete messages held, all flows together (default 4096).
        public var maxPendingMessages: Int

        public init(maxMessageSize: Int = 1 << 20, maxPendingBytes: Int = 16 << 20, maxPendingMessages: Int = 4096) {
            self.maxMessageSize = maxMessageSize
            self.maxPendingBytes = maxPendingBytes
            self.maxPendingMessages = maxPendingMessages
        }
    }

    /// Counters of what the reassembler dropped.
    public struct Statistics: Hashable, Sendable {
        /// Fragments whose TSN (DATA) or FSN (I-DATA) was already pending; the first copy is kept.
        public var duplicateFragments = 0
        /// Incomplete messages evicted to stay within `maxPendingBytes` / `maxPendingMessages`.
        public var evictedMessages = 0
        /// Messages dropped for exceeding `maxMessageSize`.
        public var oversizedMessages = 0
    }

    private struct BucketKey: Hashable {
        var flow: SCTPEndpointPair
        var stream: UInt16
        var unordered: Bool
        var isIData: Bool
        /// The SSN for ordered DATA, 0 for unordered DATA, the MID for I-DATA.
        var sequence: UInt32
    }

    private struct Fragment {
        var tsn: UInt32
        var begin: Bool
        var end: Bool
        var ppid: UInt32
        var data: ByteBuffer
    }

    private struct Bucket {
        /// By TSN (DATA) or FSN (I-DATA).
        var fragments: [UInt32: Fragment] = [:]
        var bytes = 0
        var created: UInt64
    }

    /// Bookkeeping cost of one fragment beyond its payload, so empty fragments are not free.
    private static let fragmentOverhead = 32

    public let limits: Limits
    public private(set) var statistics = Statistics()
    private var buckets: [BucketKey: Bucket] = [:]
    private var pendingBytes = 0
    private var counter: UInt64 = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Incomplete messages currently held.
    public var pendingMessageCount: Int { buckets.count }
    /// Payload bytes (plus a small per-fragment overhead) currently held.
    public var pendingByteCount: Int { pendingBytes }

    /// Feeds every DATA and I-DATA chunk of `packet`, in order; returns the messages they complete.
    public mutating func receive(packet: SCTPPacket, flow: SCTPEndpointPair) -> [SCTPUserMessage] {
        packet.chunks.compactMap { receive($0, flow: flow) }
    }

    /// Feeds one chunk; chunks other than DATA and I-DATA are ignored.
    public mutating func receive(_ chunk: SCTPChunk, flow: SCTPEndpointPair) -> SCTPUserMessage? {
        switch chunk {
        case .data(let data): receive(data, flow: flow)
        case .iData(let iData): receive(iData, flow: flow)
        default: nil
        }
    }

    /// Feeds one DATA chunk; returns the message it completes, if any.
    public mutating func receive(_ chunk: SCTPDataChunk, flow: SCTPEndpointPair) -> SCTPUserMessage? {
        if chunk.isBeginning && chunk.isEnding {
            return SCTPUserMessage(
                flow: flow, stream: chunk.streamIdentifier, sequence: .ssn(chunk.streamSequenceNumber),
                ppid: chunk.payloadProtocolIdentifier, unordered: chunk.isUnordered, payload: chunk.userData,
                firstTSN: chunk.tsn, lastTSN: chunk.tsn, fragmentCount: 1)
        }
        let key = BucketKey(
            flow: flow, stream: chunk.streamIdentifier, unordered: chunk.isUnordered, isIData: false,
            sequence: chunk.isUnordered ? 0 : UInt32(chunk.streamSequenceNumber))
        let fragment = Fragment(
            tsn: chunk.tsn, begin: chunk.isBeginning, end: chunk.isEnding, ppid: chunk.payloadProtocolIdentifier,
            data: chunk.userData)
        guard let (run, first) = insert(fragment, index: chunk.tsn, key: key) else { return nil }
        return complete(key: key, run: run, first: first, sequence: .ssn(chunk.streamSequenceNumber))
    }

    /// Feeds one I-DATA chunk; returns the message it completes, if any.
    public mutating func receive(_ chunk: SCTPIDataChunk, flow: SCTPEndpointPair) -> SCTPUserMessage? {
        if chunk.isBeginning && chunk.isEnding {
            return SCTPUserMessage(
                flow: flow, stream: chunk.streamIdentifier, sequence: .mid(chunk.messageIdentifier),
                ppid: chunk.ppidOrFSN, unordered: chunk.isUnordered, payload: chunk.userData, firstTSN: chunk.tsn,
                lastTSN: chunk.tsn, fragmentCount: 1)
        }
        let key = BucketKey(
            flow: flow, stream: chunk.streamIdentifier, unordered: chunk.isUnordered, isIData: true,
            sequence: chunk.messageIdentifier)
        let fragment = Fragment(
            tsn: chunk.tsn, begin: chunk.isBeginning, end: chunk.isEnding, ppid: chunk.payloadProtocolIdentifier ?? 0,
            data: chunk.userData)
        guard let (run, first) = insert(fragment, index: chunk.fragmentSequenceNumber, key: key) else { return nil }
        return complete(key: key, run: run, first: first, sequence: .mid(chunk.messageIdentifier))
    }

    /// Drops everything pending for `flow` (e.g. after ABORT or a restart).
    public mutating func reset(flow: SCTPEndpointPair) {
        for key in buckets.keys where key.flow == flow { removeBucket(key) }
    }

    // MARK: - Internals

    /// Stores a fragment; returns the complete run (count of indices) and its first index when one exists.
    private mutating func insert(_ fragment: Fragment, index: UInt32, key: BucketKey) -> (Int, UInt32)? {
        counter &+= 1
        var bucket = buckets.removeValue(forKey: key) ?? Bucket(created: counter)
        guard bucket.fragments[index] == nil else {
            statistics.duplicateFragments += 1
            buckets[key] = bucket
            return nil
        }
        let cost = fragment.data.readableBytes + Self.fragmentOverhead
        bucket.fragments[index] = fragment
        bucket.bytes += cost
        pendingBytes += cost
        if bucket.bytes > limits.maxMessageSize {
            statistics.oversizedMessages += 1
            pendingBytes -= bucket.bytes
            return nil
        }
        let run = Self.completeRun(in: bucket, around: index)
        buckets[key] = bucket
        if run == nil { evictIfNeeded(keeping: key) }
        return run
    }

    /// The complete B…E run containing `index`, as (count, first index), or nil.
    private static func completeRun(in bucket: Bucket, around index: UInt32) -> (Int, UInt32)? {
        let limit = bucket.fragments.count
        var first = index
        var steps = 0
        while true {
            guard let fragment = bucket.fragments[first] else { return nil }
            if fragment.begin { break }
            // An E before reaching a B belongs to an earlier message.
            if first != index && fragment.end { return nil }
            first &-= 1
            steps += 1
            if steps >= limit { return nil }
        }
        var last = index
        while true {
            guard let fragment = bucket.fragments[last] else { return nil }
            if last != first && fragment.begin { return nil }
            if fragment.end { break }
            last &+= 1
            steps += 1
            if steps >= limit { return nil }
        }
        return (Int(last &- first) + 1, first)
    }

    /// Removes the run from its bucket and builds the message.
    private mutating func complete(key: BucketKey, run count: Int, first: UInt32, sequence: SCTPUserMessage.Sequence)
        -> SCTPUserMessage?
    {
        guard var bucket = buckets.removeValue(forKey: key) else { return nil }
        var pieces: [Fragment] = []
        pieces.reserveCapacity(count)
        var index = first
        for _ in 0..<count {
            guard let fragment = bucket.fragments.removeValue(forKey: index) else { return nil }
            let cost = fragment.data.readableBytes + Self.fragmentOverhead
            bucket.bytes -= cost
            pendingBytes -= cost
            pieces.append(fragment)
            index &+= 1
        }
        if !bucket.fragments.isEmpty { buckets[key] = bucket }
        guard let head = pieces.first, let tail = pieces.last else { return nil }
        var payload = ByteBuffer()
        payload.reserveCapacity(pieces.reduce(0) { $0 + $1.data.readableBytes })
        for piece in pieces { payload.writeImmutableBuffer(piece.data) }
        return SCTPUserMessage(
            flow: key.flow, stream: key.stream, sequence: sequence, ppid: head.ppid, unordered: key.unordered,
            payload: payload, firstTSN: head.tsn, lastTSN: tail.tsn, fragmentCount: count)
    }

    private mutating func removeBucket(_ key: BucketKey) {
        if let bucket = buckets.removeValue(forKey: key) { pendingBytes -= bucket.bytes }
    }

    /// Evicts the oldest incomplete messages (other than `keeping`) until within the limits.
    private mutating func evictIfNeeded(keeping: BucketKey) {
        while pendingBytes > limits.maxPendingBytes || buckets.count > limits.maxPendingMessages {
            let oldest = buckets.filter { $0.key != keeping }.min { $0.value.created < $1.value.created }
            guard let oldest else {
                // Only the current message is left and it alone is over the limit: drop it.
                removeBucket(keeping)
                statistics.evictedMessages += 1
                return
            }
            removeBucket(oldest.key)
            statistics.evictedMessages += 1
        }
    }
}
