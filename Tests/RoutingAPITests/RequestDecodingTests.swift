import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Strict JSON (issue 4 §6: unknown fields are rejected with 400), JSON errors everywhere, 404/405 for paths and
/// methods outside `docs/openapi.yaml`, and `{e164}` percent-decoding (RFC 3986 §2.1).
@Suite struct RequestDecodingTests {
    @Test func unknownFieldsAreRefusedWith400NamingTheField() async throws {
        try await APIHarness.run { api, _ in
            let top = try await api.post(
                "/v1/accounts", #"{"number": "+447700900600", "password": "correct horse", "admin": true}"#)
            #expect(top.status == .badRequest)
            #expect(top.errorCode == "unknown_field")
            #expect(top.text.contains("admin"))
            let nested = try await api.post("/v1/sessions", """
                {"number": "+447700900600", "password": "x",
                 "device": {"id": "d", "name": "n", "vendor": "v", "os": "o", "imei": "35"}}
                """)
            #expect(nested.status == .badRequest)
            #expect(nested.text.contains("device.imei"))
        }
    }

    @Test func wrongTypesMissingFieldsNullsAndBadJSONAre400() async throws {
        try await APIHarness.run { api, _ in
            let cases: [(String, String)] = [
                (#"{"number": 447700900600, "password": "correct horse"}"#, "number"),
                (#"{"password": "correct horse"}"#, "number"),
                (#"{"number": null, "password": "correct horse"}"#, "number"),
                (#"{"number": "+447700900600", "password": "correct horse""#, "JSON"),
                (#"["+447700900600"]"#, "object"),
                ("", "JSON object"),
            ]
            for (body, mention) in cases {
                let answer = try await api.post("/v1/accounts", body)
                #expect(answer.status == .badRequest, "\(body) → \(answer.text)")
                #expect(answer.text.contains(mention), "\(body) → \(answer.text)")
                #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            let method = try await api.post("/v1/numbers/+447700900600/validations", #"{"method": "carrier_pigeon"}"#)
            #expect(method.status == .badRequest)
            let code = try await api.post(
                "/v1/validations/7d444840-9dc0-11d1-b245-5ffdce74fad2/confirm", #"{"code": 123456}"#)
            #expect(code.status == .badRequest)
        }
    }

    @Test func unknownPathsAre404AndOtherMethods405WithAllow() async throws {
        try await APIHarness.run { api, _ in
            let missing = try await api.get("/v1/nothing")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            let wrongMethod = try await api.send(.get, "/v1/accounts")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            let patch = try await api.send(.patch, "/v1/admin/carriers/7d444840-9dc0-11d1-b245-5ffdce74fad2")
            #expect(patch.status == .methodNotAllowed)
            #expect(patch.headers[.allow] == "PUT, DELETE")
        }
    }

    @Test func bodiesOver64KiBAre413() async throws {
        try await APIHarness.run { api, _ in
            let big = #"{"number": "+447700900600", "password": ""# + String(repeating: "x", count: 70_000) + #""}"#
            let answer = try await api.post("/v1/accounts", big)
            #expect(answer.status == .contentTooLarge)
            #expect(answer.errorCode == "body_too_large")
        }
    }

    @Test func percentEncodedPlusIsTheSameNumber() async throws {
        try await APIHarness.run { api, _ in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900601", "password": "correct horse"}"#)
            let plain = try await api.post("/v1/numbers/+447700900601/validations", #"{"method": "sms_code"}"#)
            let encoded = try await api.post("/v1/numbers/%2B447700900601/validations", #"{"method": "sms_code"}"#)
            #expect(plain.status == .created)
            #expect(encoded.status == .created)
            #expect(try plain.json["number"] as? String == encoded.json["number"] as? String)
        }
    }
}
