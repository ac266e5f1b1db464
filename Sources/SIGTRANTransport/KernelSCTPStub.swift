public import NIOCore
enum KernelSCTPAssociation {
    static func connect(configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop, handler: @escaping SIGTRANEventHandler) -> EventLoopFuture<any SIGTRANAssociation> { eventLoop.makeFailedFuture(SIGTRANTransportError.kernelSCTPUnavailable) }
}
enum KernelSCTPListener {
    static func listen(configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop, onAccept: @escaping SIGTRANAcceptHandler) -> EventLoopFuture<any SIGTRANListener> { eventLoop.makeFailedFuture(SIGTRANTransportError.kernelSCTPUnavailable) }
}
