public import NIOCore
public import RTPWire

/// The sending side of one RTP stream (RFC 3550 §5.1, §6.4.1): SSRC, sequence numbers and timestamps, and the
/// counts an SR reports. SSRC and the initial sequence number and timestamp are injected (RFC 3550 §5.1: they
/// "SHOULD be random"); the caller draws them.
public struct RTPSender: Sendable {
    public let ssrc: UInt32
    /// The RTP clock of the payload now being sent (changes with the codec, ``changeClockRate(_:)``).
    public private(set) var clockRate: Int
    public private(set) var nextSequence: UInt16
    /// Timestamp of the next packet's first sample.
    public private(set) var nextTimestamp: UInt32
    public private(set) var packetCount: UInt32 = 0
    /// Payload octets sent (§6.4.1: "not including header or padding").
    public private(set) var octetCount: UInt32 = 0
    /// When the last packet went out and its timestamp, to extrapolate the SR's RTP timestamp.
    public private(set) var lastSent: (time: MediaTime, timestamp: UInt32)?

    public init(ssrc: UInt32, clockRate: Int, initialSequence: UInt16, initialTimestamp: UInt32) {
        self.ssrc = ssrc
        self.clockRate = clockRate
        self.nextSequence = initialSequence
        self.nextTimestamp = initialTimestamp
    }

    /// Builds the next packet carrying `samples` samples of media; sequence +1, timestamp + samples.
    public mutating func makePacket(
        payloadType: RTPPayloadType, payload: ByteBuffer, samples: UInt32, marker: Bool = false, at now: MediaTime
    ) -> RTPPacket {
        let header = RTPHeader(
            marker: marker, payloadType: payloadType, sequenceNumber: nextSequence, timestamp: nextTimestamp,
            ssrc: ssrc)
        lastSent = (now, nextTimestamp)
        nextSequence &+= 1
        nextTimestamp &+= samples
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: payload.readableBytes)
        return RTPPacket(header: header, payload: payload)
    }

    /// Skips `samples` of silence without sending (DTX, or a gap on the TDM side): the timestamp moves, the
    /// sequence number does not (RFC 3550 §5.1: timestamps follow the sampling clock).
    public mutating func skip(samples: UInt32) { nextTimestamp &+= samples }

    /// The stream goes on with a codec of another RTP clock (a re-INVITE's answer, RFC 3264 §8), same SSRC: the
    /// timestamp carries on from where it is, each packet now advancing it at the new rate (RFC 3550 §5.1: the
    /// timestamp "MUST be derived from a clock that increments monotonically and linearly in time"), and the SR's
    /// timestamp is extrapolated at the new rate.
    public mutating func changeClockRate(_ rate: Int) { clockRate = rate }

    /// The RTP timestamp corresponding to `now` (§6.4.1: the SR's RTP timestamp "corresponds to the same time as
    /// the NTP timestamp").
    public func rtpTimestamp(at now: MediaTime) -> UInt32 {
        guard let lastSent else { return nextTimestamp }
        let elapsed = (now.nanoseconds - lastSent.time.nanoseconds) * Int64(clockRate) / 1_000_000_000
        return lastSent.timestamp &+ UInt32(truncatingIfNeeded: elapsed)
    }
}
