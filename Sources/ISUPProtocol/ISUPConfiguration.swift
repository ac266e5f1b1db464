public import TelecomTypes

/// One E1 span carrying ISUP circuits: its CICs follow its timeslot numbers.
///
/// CIC = `firstCIC` + timeslot, the usual E1 convention (the low five bits of the CIC name the timeslot), so a
/// span with `firstCIC` 32 carries CICs 33–47 and 49–63. TS0 (framing) and TS16 (often signalling) are left
/// out unless `timeslots` lists them.
public struct ISUPSpan: Hashable, Sendable {
    /// The span's identity for the media side (e.g. the E1 port number).
    public var id: Int
    public var firstCIC: UInt32
    /// The timeslots carrying bearer circuits, 0–31.
    public var timeslots: [UInt8]

    /// Timeslots 1–15 and 17–31.
    public static let standardTimeslots: [UInt8] = Array(1...15) + Array(17...31)

    public init(id: Int, firstCIC: UInt32, timeslots: [UInt8] = ISUPSpan.standardTimeslots) {
        self.id = id
        self.firstCIC = firstCIC
        self.timeslots = timeslots.filter { $0 < 32 }
    }

    /// The (CIC, timeslot) pairs of this span, in timeslot order.
    public var circuits: [(cic: CircuitIdentificationCode, timeslot: UInt8)] {
        timeslots.sorted().map { (CircuitIdentificationCode(firstCIC &+ UInt32($0)), $0) }
    }
}

extension ISUPSpan {
    /// Spans that equip exactly `cics`: one span per block of 32 CICs (an E1's timeslots), CIC = block × 32 +
    /// timeslot, so CIC 16, 48, … are equipped only when listed.
    public static func spans(equipping cics: [CircuitIdentificationCode]) -> [ISUPSpan] {
        Dictionary(grouping: cics) { $0.value / 32 }
            .sorted { $0.key < $1.key }
            .map { block, cics in
                ISUPSpan(id: Int(block), firstCIC: block * 32, timeslots: cics.map { UInt8($0.value % 32) }.sorted())
            }
    }
}

/// Overlap receiving (Q.764 §2.1.2): when an incoming called number is complete.
public struct ISUPOverlapReceiving: Hashable, Sendable {
    /// The number is complete once it has this many digits (ST always completes it).
    public var completeLength: Int

    public init(completeLength: Int) { self.completeLength = completeLength }
}

/// What one ISUP switch needs to know: who it is, who the peer is, which circuits they share, its timers.
public struct ISUPConfiguration: Hashable, Sendable {
    public var ownPointCode: PointCode
    public var peerPointCode: PointCode
    public var spans: [ISUPSpan]
    public var timers: ISUPTimerTable
    /// `nil`: every IAM is taken en bloc. Otherwise an IAM without ST and shorter than `completeLength`
    /// waits for SAMs under T35.
    public var overlap: ISUPOverlapReceiving?
    /// The order in which `placeCall` hunts for a free circuit. `nil`: the circuits this switch controls in
    /// dual seizure (Q.764 §2.9.1.4), ascending, then the others, descending — so both ends hunt from
    /// opposite sides and seldom collide.
    public var huntingOrder: [CircuitIdentificationCode]?
    /// Send GRS for every circuit when the link comes up (Q.764 §2.9.3.2) and refuse calls until GRA.
    public var resetOnLinkUp: Bool
    /// When an incoming IAM has no calling party number, ask for it with INR under T33 (Q.764 §2.1.6, national
    /// use) and present the call once INF has answered.
    public var requestCallingPartyNumber: Bool

    public init(
        ownPointCode: PointCode,
        peerPointCode: PointCode,
        spans: [ISUPSpan],
        timers: ISUPTimerTable = ISUPTimerTable(),
        overlap: ISUPOverlapReceiving? = nil,
        huntingOrder: [CircuitIdentificationCode]? = nil,
        resetOnLinkUp: Bool = true,
        requestCallingPartyNumber: Bool = false
    ) {
        self.ownPointCode = ownPointCode
        self.peerPointCode = peerPointCode
        self.spans = spans
        self.timers = timers
        self.overlap = overlap
        self.huntingOrder = huntingOrder
        self.resetOnLinkUp = resetOnLinkUp
        self.requestCallingPartyNumber = requestCallingPartyNumber
    }

    /// Whether this switch controls `cic` in dual seizure: Q.764 §2.9.1.4 "the exchange with the higher
    /// signalling point code will control all even-numbered circuits (CIC) and the other exchange the
    /// odd-numbered circuits".
    public func controls(_ cic: CircuitIdentificationCode) -> Bool {
        let even = cic.value % 2 == 0
        return ownPointCode.value > peerPointCode.value ? even : !even
    }
}
