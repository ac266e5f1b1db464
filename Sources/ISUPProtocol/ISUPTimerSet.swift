import NIOCore
import TelecomTypes

/// The armed timers of one switch, keyed by name and CIC, each with the serial it was armed with.
///
/// Starting a timer that is already armed re-arms it under a new serial (the old firing becomes stale);
/// cancelling an unarmed timer produces no action.
struct ISUPTimerSet {
    struct Key: Hashable {
        var timer: ISUPTimer
        var cic: CircuitIdentificationCode
    }

    private var armed: [Key: UInt64] = [:]
    private var nextSerial: UInt64 = 1
    let table: ISUPTimerTable

    init(table: ISUPTimerTable) { self.table = table }

    /// Arms `timer` for `cic` and returns the action that asks the shell to run it (cancelling a previous one).
    mutating func start(_ timer: ISUPTimer, cic: CircuitIdentificationCode) -> [ISUPAction] {
        var actions = cancel(timer, cic: cic)
        let id = ISUPTimerID(timer: timer, cic: cic, serial: nextSerial)
        nextSerial &+= 1
        armed[Key(timer: timer, cic: cic)] = id.serial
        actions.append(.startTimer(id, after: table.duration(timer)))
        return actions
    }

    /// Disarms `timer` for `cic`, if armed.
    mutating func cancel(_ timer: ISUPTimer, cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard let serial = armed.removeValue(forKey: Key(timer: timer, cic: cic)) else { return [] }
        return [.cancelTimer(ISUPTimerID(timer: timer, cic: cic, serial: serial))]
    }

    /// Disarms every timer of `cic` for which `filter` holds.
    mutating func cancelAll(cic: CircuitIdentificationCode, where filter: (ISUPTimer) -> Bool) -> [ISUPAction] {
        ISUPTimer.allCases.filter(filter).flatMap { cancel($0, cic: cic) }
    }

    /// Whether `id` is the current arming of its timer; if so it is consumed (a timer fires once).
    mutating func fire(_ id: ISUPTimerID) -> Bool {
        let key = Key(timer: id.timer, cic: id.cic)
        guard armed[key] == id.serial else { return false }
        armed[key] = nil
        return true
    }

    func isArmed(_ timer: ISUPTimer, cic: CircuitIdentificationCode) -> Bool {
        armed[Key(timer: timer, cic: cic)] != nil
    }

    /// Every armed timer, for tests and for a shell that restarts.
    var armedIDs: [ISUPTimerID] {
        armed.map { ISUPTimerID(timer: $0.key.timer, cic: $0.key.cic, serial: $0.value) }
            .sorted { ($0.cic, $0.serial) < ($1.cic, $1.serial) }
    }

    /// Forgets every timer (link down), returning the cancellations.
    mutating func cancelEverything() -> [ISUPAction] {
        let ids = armedIDs
        armed = [:]
        return ids.map { .cancelTimer($0) }
    }
}
