import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 standing in for a carrier's provisioning platform: it answers each request
/// with the next scripted behaviour and records what it received.
public final class LocalHTTPServer: Sendable {
    public enum Behaviour: Sendable {
        case respond(status: Int, body: String)
        /// Read the request and never answer (the client's timeout must fire).
        case hang
        /// Close the connection without answering.
        case drop
    }

    public struct Received: Sendable {
        public var method: String
        public var uri: String
        public var headers: [(String, String)]
        public var body: String

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    private let channel: any Channel
    private let state: NIOLockedValueBox<(script: [Behaviour], received: [Received])>

    public var port: Int { channel.localAddress?.port ?? 0 }
    public var received: [Received] { state.withLockedValue { $0.received } }

    public init(script: [Behaviour]) async throws {
        let state = NIOLockedValueBox((script: script, received: [Received]()))
        self.state = state
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    public func close() async throws { try await channel.close() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let state: NIOLockedValueBox<(script: [Behaviour], received: [Received])>
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(state: NIOLockedValueBox<(script: [Behaviour], received: [Received])>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                let request = Received(
                    method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                    body: String(buffer: body))
                let behaviour = state.withLockedValue { state -> Behaviour in
                    state.received.append(request)
                    return state.script.isEmpty
                        ? .respond(status: 500, body: "script exhausted") : state.script.removeFirst()
                }
                switch behaviour {
                case .hang:
                    break
                case .drop:
                    context.close(promise: nil)
                case .respond(let status, let text):
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: String(text.utf8.count))
                    let response = HTTPResponseHead(
                        version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
                    context.write(wrapOutboundOut(.head(response)), promise: nil)
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
        }
    }
}
