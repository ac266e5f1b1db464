public import NIOCore

/// The entry point the gateway runtime uses: one function per role, whatever the stack.
public enum SIGTRANTransportFactory {
    /// Client role: opens one association to `configuration.remoteAddresses`/`remotePort`.
    ///
    /// The future succeeds once the association is up, after `.associationUp` was delivered to `onEvent`; it fails
    /// with a `SIGTRANTransportError` (refused, timeout, address in use, kernel SCTP unavailable, ...). Every event
    /// is delivered on `eventLoop`.
    public static func connect(
        kind: SIGTRANTransportKind,
        configuration: SIGTRANTransportConfiguration,
        eventLoop: any EventLoop,
        onEvent: @escaping SIGTRANEventHandler
    ) -> EventLoopFuture<any SIGTRANAssociation> {
        switch kind {
        case .sctpUDP:
            return UsrSCTPAssociation.connect(configuration: configuration, eventLoop: eventLoop, handler: onEvent)
        case .tcp:
            return TCPTransport.connect(configuration: configuration, eventLoop: eventLoop, handler: onEvent)
        case .kernelSCTP:
            return KernelSCTPAssociation.connect(configuration: configuration, eventLoop: eventLoop, handler: onEvent)
        }
    }

    /// Server role: listens on `configuration.localAddresses`/`localPort`; for each accepted association calls
    /// `onAccept` (on `eventLoop`) for that association's own handler.
    public static func listen(
        kind: SIGTRANTransportKind,
        configuration: SIGTRANTransportConfiguration,
        eventLoop: any EventLoop,
        onAccept: @escaping SIGTRANAcceptHandler
    ) -> EventLoopFuture<any SIGTRANListener> {
        switch kind {
        case .sctpUDP:
            return UsrSCTPListener.listen(configuration: configuration, eventLoop: eventLoop, onAccept: onAccept)
        case .tcp:
            return TCPTransport.listen(configuration: configuration, eventLoop: eventLoop, onAccept: onAccept)
        case .kernelSCTP:
            return KernelSCTPListener.listen(configuration: configuration, eventLoop: eventLoop, onAccept: onAccept)
        }
    }
}
