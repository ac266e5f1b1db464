import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One end of an `AF_UNIX SOCK_SEQPACKET` socket pair carrying one signal unit per packet: the signalling link
/// between the test's bridge and libss7 (which reads and writes MTP2 signal units on the other end as its
/// `SS7_TRANSPORT_DAHDIMTP2`). A thread blocks in `recv` and hands each packet to the event loop; `send` writes
/// one packet. NIO's pipe channel is not used because it may gather several writes into one `writev`, which a
/// packet socket would deliver as one packet.
final class SeqPacketLink: @unchecked Sendable {
    /// The descriptor the bridge keeps and the one to hand to the child process as its standard input. Both
    /// are close-on-exec, so no other child inherits the link and its end-of-link stays observable.
    let localDescriptor: Int32
    let remoteDescriptor: Int32
    private let finished = DispatchSemaphore(value: 0)
    private var reading = false

    init() throws {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        localDescriptor = pair[0]
        remoteDescriptor = pair[1]
    }

    /// Closes the child's end in this process (once the child holds its own copy).
    func closeRemoteEnd() {
        Glibc.close(remoteDescriptor)
    }

    /// Starts the reader thread: each packet, then `nil` once at the end of the link, goes to `handler` on
    /// `eventLoop`.
    func startReading(on eventLoop: any EventLoop, handler: @escaping @Sendable (ByteBuffer?) -> Void) {
        reading = true
        let descriptor = localDescriptor
        let thread = Thread { [finished] in
            var storage = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = storage.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                let packet = ByteBuffer(bytes: storage[0..<count])
                eventLoop.execute { handler(packet) }
            }
            eventLoop.execute { handler(nil) }
            finished.signal()
        }
        thread.name = "libss7-link-reader"
        thread.start()
    }

    /// Writes one packet; `false` when the link is gone.
    @discardableResult
    func send(_ packet: ByteBuffer) -> Bool {
        let written = packet.withUnsafeReadableBytes {
            Glibc.send(localDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
        return written == packet.readableBytes
    }

    /// Ends the link: the reader thread sees the end and stops; then the descriptor is closed.
    func close() {
        shutdown(localDescriptor, Int32(SHUT_RDWR))
        if reading { finished.wait() }
        Glibc.close(localDescriptor)
    }
}
