public import Hummingbird
import Foundation

/// Request bodies are JSON objects decoded strictly: a field the schema does not name, a missing required field, a
/// `null` where a value is required or a value of the wrong type is a 400 naming the field.
extension Request {
    /// The largest request body read; anything larger is refused with 413 before decoding.
    static let maxBodySize = 64 * 1024

    func decodeJSON<T: Decodable>(_ type: T.Type) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: Self.maxBodySize)
        } catch {
            throw APIError(
                .contentTooLarge, "body_too_large", "the request body is larger than \(Self.maxBodySize) bytes")
        }
        return try StrictJSON.decode(type, from: Data(buffer.readableBytesView))
    }
}

enum StrictJSON {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(APIError) -> T {
        guard !data.isEmpty else { throw .badRequest("the request needs a JSON object as its body") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as APIError {
            throw error
        } catch let error as DecodingError {
            throw .badRequest(message(for: error))
        } catch {
            throw .badRequest("the body is not valid JSON")
        }
    }

    static func message(for error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "field \"\(path(context.codingPath + [key]))\" is required"
        case .valueNotFound(_, let context):
            return "field \"\(path(context.codingPath))\" must not be null"
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return field.isEmpty ? "the body must be a JSON object" : "field \"\(field)\" must be \(describe(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            let field = path(context.codingPath)
            return field.isEmpty ? context.debugDescription : "field \"\(field)\": \(context.debugDescription)"
        @unknown default:
            return "the body does not match the schema"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

/// Any key of a JSON object, to list the fields a client sent.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws when the object holds a field that `Keys` does not list (the schema's `additionalProperties: false`).
    func rejectUnknownFields<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            let field = StrictJSON.path(codingPath + [AnyCodingKey(stringValue: unknown)])
            throw APIError(
                .badRequest, "unknown_field",
                "unknown field \"\(field)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}
