public import M3UAWire
public import TelecomTypes

/// The availability of remote destinations, kept from SSNM messages (RFC 4666 §4.5) and answered from on DAUD.
///
/// Every point code starts *unavailable*. Updates name a point code and a mask: "a mask of '8' indicates that the
/// last eight bits of the PC are 'wildcarded'" (§3.4.1), so a range is always an aligned power-of-two block and two
/// ranges are either nested or disjoint. The table stores exact entries and range entries; a range update rewrites
/// every entry inside it, and a lookup takes the exact entry, else the most specific range that covers the code.
/// Memory grows with the number of distinct updates, never with the size of a range.
public struct M3UADestinationTable: Hashable, Sendable {
    private var exact: [UInt32: M3UADestinationStatus] = [:]
    /// Range entries keyed by (base, mask).
    private var ranges: [RangeKey: M3UADestinationStatus] = [:]

    private struct RangeKey: Hashable, Sendable {
        var base: UInt32
        var mask: UInt8
        func contains(_ value: UInt32) -> Bool { value & ~RangeKey.lowBits(mask) == base }
        func contains(_ other: RangeKey) -> Bool { other.mask <= mask && contains(other.base) }
        static func lowBits(_ mask: UInt8) -> UInt32 { mask >= 32 ? UInt32.max : (UInt32(1) << UInt32(mask)) &- 1 }
        init(base: UInt32, mask: UInt8) {
            self.mask = min(mask, 24)
            self.base = base & 0x00FF_FFFF & ~RangeKey.lowBits(self.mask)
        }
    }

    public init() {}

    /// The status of one destination.
    public func status(of pointCode: PointCode) -> M3UADestinationStatus {
        let value = pointCode.value & 0x00FF_FFFF
        if let status = exact[value] { return status }
        var best: (mask: UInt8, status: M3UADestinationStatus)?
        for (key, status) in ranges where key.contains(value) {
            if best.map({ key.mask < $0.mask }) ?? true { best = (key.mask, status) }
        }
        return best?.status ?? .unknown
    }

    /// The status of a range: that of its first point code (ranges are answered as one, §4.5.3).
    public func status(of affected: M3UAMaskedPointCode) -> M3UADestinationStatus {
        let key = RangeKey(base: affected.pointCode.value, mask: affected.mask)
        if key.mask == 0 { return status(of: affected.pointCode) }
        if let status = ranges[key] { return status }
        return status(of: PointCode(key.base, variant: affected.pointCode.variant))
    }

    /// Applies `change` to every destination in `affected` and returns the resulting status of the range.
    @discardableResult
    public mutating func update(
        _ affected: M3UAMaskedPointCode, _ change: (inout M3UADestinationStatus) -> Void
    ) -> M3UADestinationStatus {
        let key = RangeKey(base: affected.pointCode.value, mask: affected.mask)
        var result = status(of: affected)
        change(&result)
        if key.mask == 0 {
            exact[key.base] = result
            return result
        }
        for (value, var status) in exact where key.contains(value) {
            change(&status)
            exact[value] = status
        }
        for (inner, var status) in ranges where key.contains(inner) && inner != key {
            change(&status)
            ranges[inner] = status
        }
        ranges[key] = result
        return result
    }

    /// Sets every destination in `affected` to `status`, dropping what was known inside the range.
    @discardableResult
    public mutating func set(_ affected: M3UAMaskedPointCode, to status: M3UADestinationStatus)
        -> M3UADestinationStatus
    {
        update(affected) { $0 = status }
    }

    /// Forgets everything: every destination is unavailable again (the ASP left ASP-ACTIVE).
    public mutating func reset() {
        exact.removeAll()
        ranges.removeAll()
    }

    /// How many entries the table holds (exact and range).
    public var count: Int { exact.count + ranges.count }

    /// Applies one SSNM message (DUNA, DAVA, DRST, SCON, DUPU; RFC 4666 §4.5.1–§4.5.2) and returns one change per
    /// affected point code, or `nil` when the message is not an SSNM update.
    public mutating func apply(_ message: M3UAMessage) -> [M3UADestinationChange]? {
        let affected: [M3UAMaskedPointCode]
        let change: (inout M3UADestinationStatus) -> Void
        switch message {
        case .destinationUnavailable(let duna):
            affected = duna.affectedPointCode ?? []
            change = { $0 = M3UADestinationStatus(reachability: .unavailable) }
        case .destinationAvailable(let dava):
            affected = dava.affectedPointCode ?? []
            // A DAVA ends a DUNA/DRST and congestion (the SG only sends it for a reachable, uncongested route).
            change = {
                $0.reachability = .available
                $0.congestionLevel = 0
            }
        case .destinationRestricted(let drst):
            affected = drst.affectedPointCode ?? []
            change = { $0.reachability = .restricted }
        case .signallingCongestion(let scon):
            affected = scon.affectedPointCode ?? []
            let level = scon.congestionIndications?.level ?? 1
            change = { $0.congestionLevel = level }
        case .destinationUserPartUnavailable(let dupu):
            affected = dupu.affectedPointCode ?? []
            let cause = dupu.userCause ?? M3UAUserCause(cause: 0, user: 0)
            change = { $0.unavailableUserParts[UInt8(truncatingIfNeeded: cause.user)] = cause.cause }
        case .error, .notify, .payloadData, .destinationStateAudit, .aspUp, .aspDown, .heartbeat, .aspUpAck,
            .aspDownAck, .heartbeatAck, .aspActive, .aspInactive, .aspActiveAck, .aspInactiveAck,
            .registrationRequest, .registrationResponse, .deregistrationRequest, .deregistrationResponse, .unknown:
            return nil
        }
        return affected.map { M3UADestinationChange(affected: $0, status: update($0, change)) }
    }

    /// The SSNM answer to one DAUD (RFC 4666 §4.5.3): per affected point code, DAVA when available, DRST when
    /// restricted, DUNA otherwise, plus SCON when congested and DUPU for each unavailable user part.
    public func audit(_ daud: M3UADestinationStateAudit) -> [M3UAMessage] {
        var answers: [M3UAMessage] = []
        let routingContext = daud.routingContext
        let networkAppearance = daud.networkAppearance
        for affected in daud.affectedPointCode ?? [] {
            let status = status(of: affected)
            switch status.reachability {
            case .available:
                answers.append(
                    .destinationAvailable(
                        M3UADestinationAvailable(
                            networkAppearance: networkAppearance, routingContext: routingContext,
                            affectedPointCode: [affected])))
            case .restricted:
                answers.append(
                    .destinationRestricted(
                        M3UADestinationRestricted(
                            networkAppearance: networkAppearance, routingContext: routingContext,
                            affectedPointCode: [affected])))
            case .unavailable:
                answers.append(
                    .destinationUnavailable(
                        M3UADestinationUnavailable(
                            networkAppearance: networkAppearance, routingContext: routingContext,
                            affectedPointCode: [affected])))
            }
            guard status.isReachable else { continue }
            if status.congestionLevel > 0 {
                answers.append(
                    .signallingCongestion(
                        M3UASignallingCongestion(
                            networkAppearance: networkAppearance, routingContext: routingContext,
                            affectedPointCode: [affected],
                            congestionIndications: M3UACongestionIndications(level: status.congestionLevel))))
            }
            for (user, cause) in status.unavailableUserParts.sorted(by: { $0.key < $1.key }) where affected.mask == 0 {
                answers.append(
                    .destinationUserPartUnavailable(
                        M3UADestinationUserPartUnavailable(
                            networkAppearance: networkAppearance, routingContext: routingContext,
                            affectedPointCode: [affected], userCause: M3UAUserCause(cause: cause, user: UInt16(user)))))
            }
        }
        return answers
    }
}
