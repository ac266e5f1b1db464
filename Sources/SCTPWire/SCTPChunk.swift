public import NIOCore
import WireSupport

/// One SCTP chunk (RFC 9260 §3.2 and the extensions), a case per chunk type.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Chunk Type  | Chunk  Flags  |         Chunk Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                          Chunk Value                          \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// Unknown types decode to `.unknown` and known types whose value is malformed to `.malformed`; both keep the
/// raw value so they re-encode as received.
public enum SCTPChunk: Hashable, Sendable, CustomStringConvertible {
    case data(SCTPDataChunk)
    case initiation(SCTPInitChunk)
    case initiationAck(SCTPInitChunk)
    case selectiveAck(SCTPSelectiveAckChunk)
    case heartbeat(SCTPHeartbeatChunk)
    case heartbeatAck(SCTPHeartbeatChunk)
    case abort(SCTPAbortChunk)
    case shutdown(SCTPShutdownChunk)
    case shutdownAck(SCTPShutdownAckChunk)
    case operationError(SCTPOperationErrorChunk)
    case cookieEcho(SCTPCookieEchoChunk)
    case cookieAck(SCTPCookieAckChunk)
    case ecnEcho(SCTPECNEchoChunk)
    case congestionWindowReduced(SCTPCongestionWindowReducedChunk)
    case shutdownComplete(SCTPShutdownCompleteChunk)
    case authentication(SCTPAuthenticationChunk)
    case iData(SCTPIDataChunk)
    case addressConfiguration(SCTPAddressConfigurationChunk)
    case addressConfigurationAck(SCTPAddressConfigurationChunk)
    case reconfiguration(SCTPReconfigurationChunk)
    case padding(SCTPPaddingChunk)
    case forwardTSN(SCTPForwardTSNChunk)
    case iForwardTSN(SCTPIForwardTSNChunk)
    /// A chunk type this module does not know, skipped by its length (RFC 9260 §3.2).
    case unknown(SCTPRawChunk)
    /// A known chunk type whose value does not parse; the error says why.
    case malformed(SCTPRawChunk, SCTPDecodingError)

    /// The chunk type code.
    public var type: SCTPChunkType {
        switch self {
        case .data: .data
        case .initiation: .initiation
        case .initiationAck: .initiationAck
        case .selectiveAck: .selectiveAck
        case .heartbeat: .heartbeat
        case .heartbeatAck: .heartbeatAck
        case .abort: .abort
        case .shutdown: .shutdown
        case .shutdownAck: .shutdownAck
        case .operationError: .operationError
        case .cookieEcho: .cookieEcho
        case .cookieAck: .cookieAck
        case .ecnEcho: .ecnEcho
        case .congestionWindowReduced: .congestionWindowReduced
        case .shutdownComplete: .shutdownComplete
        case .authentication: .authentication
        case .iData: .iData
        case .addressConfiguration: .addressConfiguration
        case .addressConfigurationAck: .addressConfigurationAck
        case .reconfiguration: .reconfiguration
        case .padding: .padding
        case .forwardTSN: .forwardTSN
        case .iForwardTSN: .iForwardTSN
        case .unknown(let raw), .malformed(let raw, _): raw.type
        }
    }

    /// The abbreviation Wireshark and the RFCs use, e.g. `DATA`, `INIT_ACK`.
    public var description: String { type.description }

    /// Decodes one chunk from its type, flags and exact value (no header, no padding).
    ///
    /// Throws for a known type whose value is malformed; `SCTPPacket.decode` turns that into `.malformed`.
    public static func decode(type: SCTPChunkType, flags: UInt8, value: ByteBuffer) throws(SCTPDecodingError)
        -> SCTPChunk
    {
        var value = value
        let chunk: SCTPChunk
        do {
            switch type {
            case .data: chunk = .data(try SCTPDataChunk(flags: flags, value: &value))
            case .initiation: chunk = .initiation(try SCTPInitChunk(flags: flags, value: &value))
            case .initiationAck: chunk = .initiationAck(try SCTPInitChunk(flags: flags, value: &value))
            case .selectiveAck: chunk = .selectiveAck(try SCTPSelectiveAckChunk(flags: flags, value: &value))
            case .heartbeat: chunk = .heartbeat(try SCTPHeartbeatChunk(flags: flags, value: &value))
            case .heartbeatAck: chunk = .heartbeatAck(try SCTPHeartbeatChunk(flags: flags, value: &value))
            case .abort: chunk = .abort(try SCTPAbortChunk(flags: flags, value: &value))
            case .shutdown: chunk = .shutdown(try SCTPShutdownChunk(flags: flags, value: &value))
            case .shutdownAck: chunk = .shutdownAck(try SCTPShutdownAckChunk(flags: flags, value: &value))
            case .operationError: chunk = .operationError(try SCTPOperationErrorChunk(flags: flags, value: &value))
            case .cookieEcho: chunk = .cookieEcho(try SCTPCookieEchoChunk(flags: flags, value: &value))
            case .cookieAck: chunk = .cookieAck(try SCTPCookieAckChunk(flags: flags, value: &value))
            case .ecnEcho: chunk = .ecnEcho(try SCTPECNEchoChunk(flags: flags, value: &value))
            case .congestionWindowReduced:
                chunk = .congestionWindowReduced(try SCTPCongestionWindowReducedChunk(flags: flags, value: &value))
            case .shutdownComplete:
                chunk = .shutdownComplete(try SCTPShutdownCompleteChunk(flags: flags, value: &value))
            case .authentication: chunk = .authentication(try SCTPAuthenticationChunk(flags: flags, value: &value))
            case .iData: chunk = .iData(try SCTPIDataChunk(flags: flags, value: &value))
            case .addressConfiguration:
                chunk = .addressConfiguration(try SCTPAddressConfigurationChunk(flags: flags, value: &value))
            case .addressConfigurationAck:
                chunk = .addressConfigurationAck(try SCTPAddressConfigurationChunk(flags: flags, value: &value))
            case .reconfiguration: chunk = .reconfiguration(try SCTPReconfigurationChunk(flags: flags, value: &value))
            case .padding: chunk = .padding(try SCTPPaddingChunk(flags: flags, value: &value))
            case .forwardTSN: chunk = .forwardTSN(try SCTPForwardTSNChunk(flags: flags, value: &value))
            case .iForwardTSN: chunk = .iForwardTSN(try SCTPIForwardTSNChunk(flags: flags, value: &value))
            default: return .unknown(SCTPRawChunk(type: type, flags: flags, value: value))
            }
        } catch {
            var error = error
            error.chunkType = type
            throw error
        }
        return chunk
    }

    /// Writes the chunk: header, value and zero padding to a multiple of four (RFC 9260 §3.2: "The Chunk
    /// Length value does not include terminating padding of the chunk"). Returns the bytes written.
    ///
    /// A value longer than 65,531 bytes cannot be described by the 16-bit length; its length field is
    /// truncated (the caller builds such a chunk, decoding never produces one).
    @discardableResult
    public func encode(into buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        buffer.writeMultipleIntegers(type.rawValue, flags, UInt16(0))
        let valueStart = buffer.writerIndex
        switch self {
        case .data(let chunk): chunk.encodeValue(into: &buffer)
        case .initiation(let chunk), .initiationAck(let chunk): chunk.encodeValue(into: &buffer)
        case .selectiveAck(let chunk): chunk.encodeValue(into: &buffer)
        case .heartbeat(let chunk), .heartbeatAck(let chunk): chunk.encodeValue(into: &buffer)
        case .abort(let chunk): chunk.encodeValue(into: &buffer)
        case .shutdown(let chunk): chunk.encodeValue(into: &buffer)
        case .shutdownAck(let chunk): chunk.encodeValue(into: &buffer)
        case .operationError(let chunk): chunk.encodeValue(into: &buffer)
        case .cookieEcho(let chunk): chunk.encodeValue(into: &buffer)
        case .cookieAck(let chunk): chunk.encodeValue(into: &buffer)
        case .ecnEcho(let chunk): chunk.encodeValue(into: &buffer)
        case .congestionWindowReduced(let chunk): chunk.encodeValue(into: &buffer)
        case .shutdownComplete(let chunk): chunk.encodeValue(into: &buffer)
        case .authentication(let chunk): chunk.encodeValue(into: &buffer)
        case .iData(let chunk): chunk.encodeValue(into: &buffer)
        case .addressConfiguration(let chunk), .addressConfigurationAck(let chunk): chunk.encodeValue(into: &buffer)
        case .reconfiguration(let chunk): chunk.encodeValue(into: &buffer)
        case .padding(let chunk): chunk.encodeValue(into: &buffer)
        case .forwardTSN(let chunk): chunk.encodeValue(into: &buffer)
        case .iForwardTSN(let chunk): chunk.encodeValue(into: &buffer)
        case .unknown(let raw), .malformed(let raw, _): buffer.writeImmutableBuffer(raw.value)
        }
        let valueLength = buffer.writerIndex - valueStart
        buffer.setInteger(UInt16(truncatingIfNeeded: 4 + valueLength), at: start + 2)
        buffer.writePaddingToFour(after: valueLength)
        return buffer.writerIndex - start
    }

    /// The flags octet.
    public var flags: UInt8 {
        switch self {
        case .data(let chunk): chunk.flags
        case .initiation(let chunk), .initiationAck(let chunk): chunk.flags
        case .selectiveAck(let chunk): chunk.flags
        case .heartbeat(let chunk), .heartbeatAck(let chunk): chunk.flags
        case .abort(let chunk): chunk.flags
        case .shutdown(let chunk): chunk.flags
        case .shutdownAck(let chunk): chunk.flags
        case .operationError(let chunk): chunk.flags
        case .cookieEcho(let chunk): chunk.flags
        case .cookieAck(let chunk): chunk.flags
        case .ecnEcho(let chunk): chunk.flags
        case .congestionWindowReduced(let chunk): chunk.flags
        case .shutdownComplete(let chunk): chunk.flags
        case .authentication(let chunk): chunk.flags
        case .iData(let chunk): chunk.flags
        case .addressConfiguration(let chunk), .addressConfigurationAck(let chunk): chunk.flags
        case .reconfiguration(let chunk): chunk.flags
        case .padding(let chunk): chunk.flags
        case .forwardTSN(let chunk): chunk.flags
        case .iForwardTSN(let chunk): chunk.flags
        case .unknown(let raw), .malformed(let raw, _): raw.flags
        }
    }
}
