import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Ports for loopback tests that share one process.
public enum LoopbackPorts {
    /// The RFC 6951 UDP port of this test process's usrsctp stack. usrsctp runs once per process on one UDP port,
    /// so every test target that uses SCTP over UDP must ask for this same port.
    public static let usrsctpUDPPort: UInt16 = freeUDPPort()

    /// A UDP port the kernel says is free right now on 127.0.0.1.
    public static func freeUDPPort() -> UInt16 { freePort(type: Int32(SOCK_DGRAM.rawValue)) }

    /// A TCP port the kernel says is free right now on 127.0.0.1 (tests running at the same time in other processes
    /// make fixed ports collide).
    /// The port is drawn at random below the kernel's ephemeral range (32768–60999 here), so the client sockets of
    /// tests running in parallel cannot take it between this check and the listen.
    public static func freeTCPPort() -> UInt16 {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let candidate = UInt16.random(in: 20_000..<32_000, using: &generator)
            if isFree(candidate, type: Int32(SOCK_STREAM.rawValue)) { return candidate }
        }
        return freePort(type: Int32(SOCK_STREAM.rawValue))
    }

    private static func isFree(_ port: UInt16, type: Int32) -> Bool {
        let fd = socket(AF_INET, type, 0)
        defer { close(fd) }
        guard let address = try? SocketAddress(ipAddress: "127.0.0.1", port: Int(port)) else { return false }
        return address.withSockAddr { bind(fd, $0, socklen_t($1)) } == 0
    }

    private static func freePort(type: Int32) -> UInt16 {
        let fd = socket(AF_INET, type, 0)
        defer { close(fd) }
        guard let any = try? SocketAddress(ipAddress: "127.0.0.1", port: 0) else { return 29899 }
        _ = any.withSockAddr { bind(fd, $0, socklen_t($1)) }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = withUnsafeBytes(of: storage) { $0.loadUnaligned(fromByteOffset: 2, as: UInt16.self) }
        return UInt16(bigEndian: port)
    }
}
