public import Foundation
public import NIOCore

/// One datagram a media socket sent or received, as it was on the wire (after SRTP protection on the way out,
/// before unprotection on the way in): for captures of a call's media (the demo's per-call pcaps).
public struct MediaWireRecord: Sendable {
    public var time: Date
    public var sent: Bool
    public var local: SocketAddress
    public var remote: SocketAddress
    public var bytes: ByteBuffer

    public init(time: Date, sent: Bool, local: SocketAddress, remote: SocketAddress, bytes: ByteBuffer) {
        self.time = time
        self.sent = sent
        self.local = local
        self.remote = remote
        self.bytes = bytes
    }
}
