public import PCAPWire

extension CaptureTimestamp {
    /// `YYYY-MM-DD hh:mm:ss.ffffff` in UTC, computed without Foundation (days-from-civil inverse,
    /// H. Hinnant's algorithm).
    public var utcDescription: String {
        let secondsOfDay = ((seconds % 86_400) + 86_400) % 86_400
        let days = (seconds - secondsOfDay) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let micros = String(Int(nanoseconds / 1000) + 1_000_000).dropFirst()
        return "\(year)-\(two(month))-\(two(day)) \(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):"
            + "\(two(secondsOfDay % 60)).\(micros)"
    }
}
