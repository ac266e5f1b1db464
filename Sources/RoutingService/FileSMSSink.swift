public import RoutingCore
public import Foundation

/// Writes each SMS as one JSON line `{"to": "+E164", "from": "...", "text": "...", "time": "..."}` (the issue's
/// file sink standing in for the SMSC in demos and tests). Appends; creates the file when missing.
public actor FileSMSSink: SMSSender {
    public let path: String
    private let clock: any RoutingClock

    public init(path: String, clock: any RoutingClock = SystemRoutingClock()) {
        self.path = path
        self.clock = clock
    }

    public func send(to destination: E164Number, from source: String, text: String) async throws {
        let time = clock.now().formatted(.iso8601)
        let object: [String: String] = ["to": destination.description, "from": source, "text": text, "time": time]
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }
}
