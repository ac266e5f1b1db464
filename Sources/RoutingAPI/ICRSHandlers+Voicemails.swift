import Foundation
import HTTPTypes
import Hummingbird
import RoutingService

extension ICRSHandlers {
    /// The largest voicemail upload (16 MiB: over 30 minutes of A-law).
    static let maxAudioSize = 16 << 20

    // MARK: Gateway (service token)

    func reportUnansweredCall(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(UnansweredCallBody.self)
        let result = try await service.reportUnansweredCall(body.call, voicemailFollows: body.voicemailFollows)
        return try JSONResponse.make(UnansweredCallResultBody(result), status: result.new ? .created : .ok)
    }

    func uploadVoicemail(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let raw = context.parameters.get("call_ref") ?? ""
        let callRef = raw.removingPercentEncoding ?? raw
        guard (1...100).contains(callRef.utf8.count),
            callRef.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                || ("0"..."9").contains($0) || "_.:-".unicodeScalars.contains($0)) })
        else { throw APIError.badRequest("call_ref must be 1 to 100 letters, digits, _ . : or -") }
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let type, ["audio/wav", "audio/wave", "audio/x-wav", "audio/ogg", "application/octet-stream"].contains(type)
        else {
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type",
                "the body must be audio/wav, audio/ogg or application/octet-stream")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxAudioSize)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the audio is larger than \(Self.maxAudioSize) bytes")
        }
        let result = try await service.storeVoicemail(callRef: callRef, audio: Array(buffer.readableBytesView))
        return try JSONResponse.make(UnansweredCallResultBody(result), status: result.new ? .created : .ok)
    }

    // MARK: The caller's missed calls and voicemails (session token)

    func listMissedCalls(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let (limit, cursor) = try Self.paging(request)
        let page = try await service.missedCalls(token: token, limit: limit, cursor: cursor)
        return try JSONResponse.make(PageBody(
            key: "missed_calls", items: page.items.map(MissedCallItemBody.init), next: page.next))
    }

    func deleteMissedCall(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        try await service.deleteMissedCall(token: token, id: try context.parameters.uuid("id", what: "missed call"))
        return JSONResponse.noContent
    }

    func listVoicemails(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let (limit, cursor) = try Self.paging(request)
        let page = try await service.voicemails(token: token, limit: limit, cursor: cursor)
        return try JSONResponse.make(PageBody(
            key: "voicemails", items: page.items.map(VoicemailItemBody.init), next: page.next))
    }

    /// The audio, whole (200) or one byte range (RFC 9110 §14: `Range: bytes=first-last`, `bytes=first-`,
    /// `bytes=-suffix` → 206 with `Content-Range`; past the end → 416 with `Content-Range: bytes */size`; any other
    /// form is ignored, as §14.2 allows).
    func voicemailAudio(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let audio = try await service.voicemailAudio(token: token, id: try context.parameters.uuid("id", what: "voicemail"))
        var headers = HTTPFields()
        headers[.contentType] = audio.mediaType
        headers[.acceptRanges] = "bytes"
        let size = audio.bytes.count
        switch ByteRange.parse(request.headers[.range], size: size) {
        case .none:
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: audio.bytes)))
        case .unsatisfiable:
            var fields = HTTPFields()
            fields[.contentRange] = "bytes */\(size)"
            throw APIError(.rangeNotSatisfiable, "range_not_satisfiable", "the range is outside the file", headers: fields)
        case .range(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)"
            return Response(
                status: .partialContent, headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: audio.bytes[range])))
        }
    }

    func markVoicemailHeard(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        try await service.markVoicemailHeard(token: token, id: try context.parameters.uuid("id", what: "voicemail"))
        return JSONResponse.noContent
    }

    func deleteVoicemail(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        try await service.deleteVoicemail(token: token, id: try context.parameters.uuid("id", what: "voicemail"))
        return JSONResponse.noContent
    }

    /// `limit` (1 to 100, default 50) and `cursor` (the `next_cursor` of the previous page).
    static func paging(_ request: Request) throws(APIError) -> (Int, String?) {
        let query = request.uri.queryParameters
        var limit = 50
        if let text = query.get("limit") {
            guard let value = Int(text), (1...100).contains(value) else {
                throw .badRequest("limit must be an integer from 1 to 100")
            }
            limit = value
        }
        let cursor = query.get("cursor")
        if let cursor {
            guard (1...80).contains(cursor.utf8.count),
                cursor.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || $0 == 0x2D || $0 == 0x2E })
            else { throw .badRequest("cursor must be a next_cursor this server gave") }
        }
        return (limit, cursor)
    }
}

/// One byte range of RFC 9110 §14.1.2 (`bytes=` with a single range).
enum ByteRange: Equatable {
    case range(Range<Int>)
    case unsatisfiable

    /// `nil`: no range, or one this server ignores (several ranges, another unit, bad syntax) — the whole file.
    static func parse(_ header: String?, size: Int) -> ByteRange? {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && $0.count <= 18 })
        else { return nil }
        switch (Int(parts[0]), Int(parts[1])) {
        case (let first?, let last?):
            guard first <= last else { return nil }
            guard first < size else { return .unsatisfiable }
            return .range(first..<min(last + 1, size))
        case (let first?, nil):
            guard first < size else { return .unsatisfiable }
            return .range(first..<size)
        case (nil, let suffix?):
            // §14.1.3: a suffix range of 0 bytes is unsatisfiable; one longer than the file selects all of it.
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .range(max(0, size - suffix)..<size)
        case (nil, nil):
            return nil
        }
    }
}
