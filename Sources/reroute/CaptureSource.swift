import ArgumentParser
import Foundation
import NIOCore
import PCAPWire
import SignallingCapture

/// Reads a capture file and runs every frame through the signalling decoder.
///
/// A file that cannot be opened, is not a capture, or is truncated ends with one line naming the file and the
/// byte offset, and exit status 2; the messages found before the damage are still delivered.
enum CaptureSource {
    static func load(_ path: String) throws(ExitCode) -> ByteBuffer {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
            return ByteBuffer(bytes: data)
        } catch {
            printError("reroute: \(path): cannot read the file (\(Self.reason(error)))")
            throw ExitCode(2)
        }
    }

    /// Decodes every frame of the capture at `path`, handing each record to `body`. Returns the number of frames.
    @discardableResult
    static func forEachRecord(
        in path: String,
        _ body: (SignallingRecord) -> Void
    ) throws(ExitCode) -> Int {
        let bytes = try load(path)
        var reader: CaptureReader
        do {
            reader = try CaptureReader(bytes)
        } catch {
            printError("reroute: \(path): not a capture file: \(error)")
            throw ExitCode(2)
        }
        var decoder = SignallingDecoder()
        var frames = 0
        while true {
            let frame: CapturedFrame?
            do {
                frame = try reader.next()
            } catch {
                printError("reroute: \(path): damaged capture after frame \(frames): \(error)")
                throw ExitCode(2)
            }
            guard let frame else { return frames }
            frames += 1
            for record in decoder.decode(frame) { body(record) }
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
