import NIOCore
import PCAPWire

/// Reads every frame of a capture.
func readFrames(_ bytes: ByteBuffer) throws -> [CapturedFrame] {
    var reader = try CaptureReader(bytes)
    return try reader.readAll()
}

/// The error a capture produces when read to the end, or nil when it reads cleanly.
func captureError(_ bytes: ByteBuffer) -> CaptureFormatError? {
    do {
        var reader = try CaptureReader(bytes)
        _ = try reader.readAll()
        return nil
    } catch {
        return error
    }
}

func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

func buffer(_ array: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: array) }

/// Frames as compared by round trips: everything but the number (renumbered by the reader anyway).
struct FrameFacts: Equatable {
    var timestamp: CaptureTimestamp
    var linkType: LinkType
    var interfaceID: Int
    var originalLength: Int
    var data: [UInt8]

    init(_ frame: CapturedFrame) {
        timestamp = frame.timestamp
        linkType = frame.linkType
        interfaceID = frame.interfaceID
        originalLength = frame.originalLength
        data = bytes(frame.data)
    }
}
