import Foundation
import RoutingCore
import Testing

/// Alert texts and the collation / retry rules of issue 7 item 2 (docs/voicemail.md).
@Suite struct MissedCallAlertTests {
    /// 2023-11-14 14:03:20 UTC.
    static let t = Date(timeIntervalSince1970: 1_699_970_600)
    static let caller = try! E164Number(parsing: "+447700900123")

    @Test func issue7Item2SingleAlertNamesCallerTimeAndVoicemailLength() {
        let call = MissedCallSummary(caller: Self.caller, presentation: .allowed, at: Self.t, voicemailSeconds: 23)
        #expect(MissedCallAlertText.single(call, utcOffset: 0) == "Missed call from +447700900123 at 14:03, voicemail 0:23")
        // One hour east of UTC (CET).
        #expect(MissedCallAlertText.single(call, utcOffset: 3600) == "Missed call from +447700900123 at 15:03, voicemail 0:23")
        var none = call
        none.voicemailSeconds = nil
        #expect(MissedCallAlertText.single(none, utcOffset: 0) == "Missed call from +447700900123 at 14:03")
    }

    @Test func issue7Item2WithheldCallerIsNeverShownQ763Section3_10() {
        let withheld = MissedCallSummary(caller: Self.caller, presentation: .restricted, at: Self.t, voicemailSeconds: 75)
        #expect(MissedCallAlertText.single(withheld, utcOffset: 0) == "Missed call from a withheld number at 14:03, voicemail 1:15")
        let unknown = MissedCallSummary(caller: nil, presentation: .unavailable, at: Self.t, voicemailSeconds: nil)
        #expect(MissedCallAlertText.single(unknown, utcOffset: 0) == "Missed call from an unknown number at 14:03")
    }

    @Test func issue7Item2CollatedAlertListsCallsOldestFirstAndCountsTheRest() {
        var calls: [MissedCallSummary] = []
        for i in 0..<7 {
            let withheld = i == 1
            let at = Self.t.addingTimeInterval(Double(6 - i) * 60)
            calls.append(MissedCallSummary(
                caller: withheld ? nil : Self.caller, presentation: withheld ? .restricted : .allowed, at: at,
                voicemailSeconds: i == 0 ? 5 : nil))
        }
        #expect(MissedCallAlertText.collated(calls, utcOffset: 0) == """
            7 missed calls: +447700900123 at 14:03; +447700900123 at 14:04; +447700900123 at 14:05; \
            +447700900123 at 14:06; +447700900123 at 14:07; and 2 more
            """)
        #expect(MissedCallAlertText.availableAgain([calls[1], calls[6]], utcOffset: 0) == """
            You are reachable again. While you were offline: 2 missed calls: +447700900123 at 14:03; \
            a withheld number at 14:08
            """)
    }

    @Test func clockTimeWrapsAroundMidnightBothWays() {
        #expect(MissedCallAlertText.clockTime(Date(timeIntervalSince1970: 86_399), utcOffset: 0) == "23:59")
        #expect(MissedCallAlertText.clockTime(Date(timeIntervalSince1970: 60), utcOffset: -3600) == "23:01")
        #expect(MissedCallAlertText.duration(600) == "10:00")
    }

    @Test func issue7Item2CollationRuleOfflineGathersReachableSendsAtOnce() {
        let policy = AlertPolicy(collationWindow: 900)
        #expect(policy.place(at: Self.t, userReachable: true, openAlertExists: true) == .new(dueAt: Self.t, collating: false))
        #expect(policy.place(at: Self.t, userReachable: false, openAlertExists: false)
            == .new(dueAt: Self.t.addingTimeInterval(900), collating: true))
        #expect(policy.place(at: Self.t, userReachable: false, openAlertExists: true) == .join)
    }

    @Test func issue7Item2RetriesBackOffDoublingUpToTheCapAndStopAtExpiry() {
        let policy = AlertPolicy(lifetime: 3600, initialRetryDelay: 30, maximumRetryDelay: 600)
        let created = Self.t
        let delays = (1...7).map { policy.retry(after: $0, at: created, createdAt: created)?.timeIntervalSince(created) }
        #expect(delays == [30, 60, 120, 240, 480, 600, 600])
        #expect(policy.retry(after: 1, at: created.addingTimeInterval(3580), createdAt: created) == nil)
    }
}
