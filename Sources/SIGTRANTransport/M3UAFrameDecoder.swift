import M3UAWire
import NIOCore

/// Cuts a TCP byte stream into whole M3UA messages by the common header's Message Length (RFC 4666 §3.1.4).
///
/// A framing error (version other than 1, impossible length) cannot be re-synchronised on a byte stream: it is
/// thrown, and the connection handler closes the connection.
struct M3UAFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try M3UAMessage.frame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
