import NIOCore
import SIPWire

/// `SIPStreamDecoder` as a NIO decoder: emits each event or error. After an error that breaks the framing, the rest
/// of the stream is discarded until the handler closes the connection.
struct SIPStreamFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = Result<SIPStreamEvent, SIPDecodingError>

    private var decoder: SIPStreamDecoder
    private var broken = false

    init(maximumHeaderBytes: Int, maximumBodyBytes: Int) {
        decoder = SIPStreamDecoder(maximumHeaderBytes: maximumHeaderBytes, maximumBodyBytes: maximumBodyBytes)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard !broken else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        do {
            guard let event = try decoder.decode(&buffer) else { return .needMoreData }
            context.fireChannelRead(wrapInboundOut(.success(event)))
            return .continue
        } catch {
            if error.breaksStreamFraming {
                broken = true
                buffer.moveReaderIndex(to: buffer.writerIndex)
            }
            context.fireChannelRead(wrapInboundOut(.failure(error)))
            return broken ? .needMoreData : .continue
        }
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
