public import NIOCore
public import TelecomTypes

/// The ISUP timers this implementation runs, with their Q.764 names (ITU-T Q.764 Annex A, Table A.1).
///
/// Not run here: T3 (overload, §2.9.9), T4 (user part availability, §2.13.2), T10/T11 (interworking), T28–T32,
/// T34 and T37–T39 (national options and procedures not offered).
public enum ISUPTimer: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// REL sent, awaiting RLC: re-send REL (Q.764 §2.9.6; Annex A: "retransmit release message and start timer T1").
    case t1
    /// SUS (user) received: "initiate release procedure" unless RES (user) arrives (Q.764 Annex A, Q.733.4).
    case t2
    /// REL sent, awaiting RLC: after the first expiry send RSC and alert maintenance (Q.764 §2.9.6).
    case t5
    /// SUS (network) received: "initiate release procedure" unless RES (network) or REL arrives (Q.764 §2.4.1–§2.4.3,
    /// duration from Q.118).
    case t6
    /// IAM sent, awaiting ACM/CON: release (Q.764 Annex A, references §2.1.1, §2.1.2, §2.1.4, §2.9.8.3).
    case t7
    /// IAM asking for a continuity check received, COT awaited: "release all equipment and connection into the
    /// network (send release message)" (Q.764 Annex A, §2.1.8, §2.9.8.3).
    case t8
    /// ACM received, awaiting ANM: release with cause 19 (Q.764 §2.1.7, duration from Q.118).
    case t9
    /// BLO sent, awaiting BLA: re-send BLO (Q.764 §2.9.4, failure in the blocking/unblocking sequence).
    case t12
    /// BLO sent, awaiting BLA: alert maintenance, re-send every T13 (Q.764 §2.9.4).
    case t13
    /// UBL sent, awaiting UBA: re-send UBL (Q.764 §2.9.4).
    case t14
    /// UBL sent, awaiting UBA: alert maintenance, re-send every T15 (Q.764 §2.9.4).
    case t15
    /// RSC sent, awaiting RLC: re-send RSC (Q.764 §2.9.3.1).
    case t16
    /// RSC sent, awaiting RLC: alert maintenance, re-send every T17 (Q.764 §2.9.3.1, and after T5).
    case t17
    /// CGB sent, awaiting CGBA: re-send CGB.
    case t18
    /// CGB sent, awaiting CGBA: alert maintenance, re-send every T19.
    case t19
    /// CGU sent, awaiting CGUA: re-send CGU.
    case t20
    /// CGU sent, awaiting CGUA: alert maintenance, re-send every T21.
    case t21
    /// GRS sent, awaiting GRA: re-send GRS (Q.764 §2.9.3.2).
    case t22
    /// GRS sent, awaiting GRA: alert maintenance, re-send every T23 (Q.764 §2.9.3.2).
    case t23
    /// Check tone sent, the media layer's verdict awaited: no verdict counts as a failure — COT failure, then T25
    /// (check asked in an IAM) or T26 (recheck) (Q.764 §2.1.8).
    case t24
    /// Outgoing continuity check failed (first failure): send CCR when it expires (Q.764 §2.1.8).
    case t25
    /// Continuity recheck failed again: send CCR when it expires (Q.764 §2.1.8).
    case t26
    /// COT indicating failure received: await CCR; on expiry send RSC (T16, T17) (Q.764 §2.1.8).
    case t27
    /// INR sent, INF awaited: release the call and alert maintenance (Q.764 §2.1.6, §2.9.7).
    case t33
    /// CCR received, loop connected, COT or REL awaited: remove the loop and reset the circuit (RSC, T16, T17)
    /// (Q.764 §2.1.8; the 1999 edition's guard for the incoming side of a recheck).
    case t36
    /// Overlap receiving: latest digit received (not ST) before the number is complete; release with
    /// cause 28 on expiry (Q.764 Annex A, T35 — the inter-digit timer, "T10-style" in older texts).
    case t35

    public var description: String {
        switch self {
        case .t1: "T1"
        case .t2: "T2"
        case .t5: "T5"
        case .t6: "T6"
        case .t7: "T7"
        case .t8: "T8"
        case .t9: "T9"
        case .t12: "T12"
        case .t13: "T13"
        case .t14: "T14"
        case .t15: "T15"
        case .t16: "T16"
        case .t17: "T17"
        case .t18: "T18"
        case .t19: "T19"
        case .t20: "T20"
        case .t21: "T21"
        case .t22: "T22"
        case .t23: "T23"
        case .t24: "T24"
        case .t25: "T25"
        case .t26: "T26"
        case .t27: "T27"
        case .t33: "T33"
        case .t36: "T36"
        case .t35: "T35"
        }
    }

    /// Whether the timer belongs to call control (the per-CIC call machine) rather than maintenance.
    var isCallTimer: Bool {
        switch self {
        case .t1, .t2, .t5, .t6, .t7, .t8, .t9, .t24, .t25, .t26, .t27, .t33, .t35, .t36: true
        case .t12, .t13, .t14, .t15, .t16, .t17, .t18, .t19, .t20, .t21, .t22, .t23: false
        }
    }
}

/// One armed timer: its name, the circuit it runs for (the first CIC of a group procedure) and a serial number,
/// so that a firing that arrives after the timer was cancelled or re-armed is recognised and ignored.
public struct ISUPTimerID: Hashable, Sendable, CustomStringConvertible {
    public var timer: ISUPTimer
    public var cic: CircuitIdentificationCode
    public var serial: UInt64

    public init(timer: ISUPTimer, cic: CircuitIdentificationCode, serial: UInt64) {
        self.timer = timer
        self.cic = cic
        self.serial = serial
    }

    public var description: String { "\(timer)@\(cic)#\(serial)" }
}

/// Timer durations, one place, with the Q.764 Annex A defaults (the lower end of each range).
public struct ISUPTimerTable: Hashable, Sendable {
    /// T1: 15–60 s.
    public var t1: TimeAmount = .seconds(15)
    /// T2: 3 min.
    public var t2: TimeAmount = .minutes(3)
    /// T5: 5–15 min.
    public var t5: TimeAmount = .minutes(5)
    /// T6: "covered in Rec. Q.118"; 30 s here, an administration choice.
    public var t6: TimeAmount = .seconds(30)
    /// T7: 20–30 s.
    public var t7: TimeAmount = .seconds(20)
    /// T8: 10–15 s.
    public var t8: TimeAmount = .seconds(10)
    /// T9: 90–180 s (Q.118 §4.3.2).
    public var t9: TimeAmount = .seconds(90)
    /// T12: 15–60 s.
    public var t12: TimeAmount = .seconds(15)
    /// T13: 5–15 min.
    public var t13: TimeAmount = .minutes(5)
    /// T14: 15–60 s.
    public var t14: TimeAmount = .seconds(15)
    /// T15: 5–15 min.
    public var t15: TimeAmount = .minutes(5)
    /// T16: 15–60 s.
    public var t16: TimeAmount = .seconds(15)
    /// T17: 5–15 min.
    public var t17: TimeAmount = .minutes(5)
    /// T18: 15–60 s.
    public var t18: TimeAmount = .seconds(15)
    /// T19: 5–15 min.
    public var t19: TimeAmount = .minutes(5)
    /// T20: 15–60 s.
    public var t20: TimeAmount = .seconds(15)
    /// T21: 5–15 min.
    public var t21: TimeAmount = .minutes(5)
    /// T22: 15–60 s.
    public var t22: TimeAmount = .seconds(15)
    /// T23: 5–15 min.
    public var t23: TimeAmount = .minutes(5)
    /// T24: under 2 s.
    public var t24: TimeAmount = .seconds(2)
    /// T25: 1–10 s.
    public var t25: TimeAmount = .seconds(1)
    /// T26: 1–3 min.
    public var t26: TimeAmount = .minutes(1)
    /// T27: at least 4 min.
    public var t27: TimeAmount = .minutes(4)
    /// T33: 12–15 s.
    public var t33: TimeAmount = .seconds(12)
    /// T36: 10–15 s.
    public var t36: TimeAmount = .seconds(10)
    /// T35: 15–20 s.
    public var t35: TimeAmount = .seconds(15)

    public init() {}

    /// The duration of `timer`.
    public func duration(_ timer: ISUPTimer) -> TimeAmount {
        switch timer {
        case .t1: t1
        case .t2: t2
        case .t5: t5
        case .t6: t6
        case .t7: t7
        case .t8: t8
        case .t9: t9
        case .t12: t12
        case .t13: t13
        case .t14: t14
        case .t15: t15
        case .t16: t16
        case .t17: t17
        case .t18: t18
        case .t19: t19
        case .t20: t20
        case .t21: t21
        case .t22: t22
        case .t23: t23
        case .t24: t24
        case .t25: t25
        case .t26: t26
        case .t27: t27
        case .t33: t33
        case .t36: t36
        case .t35: t35
        }
    }
}
