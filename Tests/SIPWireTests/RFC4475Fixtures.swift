import Foundation
import SIPWire
import Testing

/// The RFC 4475 torture messages, byte for byte, from `Tests/SIPWireTests/RFC4475/<name>.dat`.
///
/// The files were rebuilt from the RFC's §3 listings following its §2 conventions: every line ends in CRLF, `<hex>`
/// escapes are the raw bytes (NUL, BEL, DEL, UTF-8, the DER signature of mpart01), `<allOneLine>` is one line and
/// `<repeat count=N>` is expanded. Each file's Content-Length matches its body (except where that is the test:
/// clerr, ncl, mcl01), which cross-checks the reconstruction.
enum RFC4475 {
    static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.appendingPathComponent("RFC4475")
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name + ".dat")))
    }

    static func request(_ name: String) throws -> SIPRequest {
        guard case .request(let request) = try SIPMessage(datagram: bytes(name)) else {
            throw RFC4475Failure(reason: "\(name) is not a request")
        }
        return request
    }

    static func response(_ name: String) throws -> SIPResponse {
        guard case .response(let response) = try SIPMessage(datagram: bytes(name)) else {
            throw RFC4475Failure(reason: "\(name) is not a response")
        }
        return response
    }

    /// The decoding error of an invalid message (fails the test when it parses).
    static func error(_ name: String) throws -> SIPDecodingError {
        try #require(throws: SIPDecodingError.self, "\(name) must not parse") {
            try SIPMessage(datagram: bytes(name))
        }
    }

    /// Whatever parses must re-encode to a message that parses to the same value (Content-Length is rewritten).
    static func roundTrips(_ message: SIPMessage) throws -> Bool {
        let again = try SIPMessage(datagram: message.encoded)
        return strip(again) == strip(message)
    }

    private static func strip(_ message: SIPMessage) -> SIPMessage {
        switch message {
        case .request(var request):
            request.headers.remove("content-length")
            return .request(request)
        case .response(var response):
            response.headers.remove("content-length")
            return .response(response)
        }
    }
}

struct RFC4475Failure: Error {
    var reason: String
}
