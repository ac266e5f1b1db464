public import RoutingCore
import SMSFileSink

/// The file sink standing in for the SMSC in demos and tests, as an `SMSSender`: each SMS becomes one JSON
/// line `{"to": "+E164", "from": "...", "text": "...", "time": "..."}`, written by `SMSFileSink` (the format lives
/// there). The file is opened on the first message.
public actor FileSMSSink: SMSSender {
    public let path: String
    private let clock: any RoutingClock
    private var sink: SMSFileSink?

    public init(path: String, clock: any RoutingClock = SystemRoutingClock()) {
        self.path = path
        self.clock = clock
    }

    public func send(to destination: E164Number, from source: String, text: String) async throws {
        let sink = try self.sink ?? openSink()
        try await sink.send(to: destination.description, from: source, text: text)
    }

    private func openSink() throws -> SMSFileSink {
        let clock = self.clock
        let opened = try SMSFileSink(path: path, now: { clock.now() })
        sink = opened
        return opened
    }
}
