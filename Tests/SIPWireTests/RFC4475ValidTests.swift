import Foundation
import SIPWire
import Testing

/// RFC 4475 §3.1.1: valid messages. "All elements should treat this as a well-formed request"; each test checks the
/// fields the RFC's discussion of that message points at.
@Suite("RFC 4475 §3.1.1 valid torture messages")
struct RFC4475ValidTests {
    @Test("RFC 4475 §3.1.1.1 wsinv: folding, LWS everywhere, escapes in quotes, mixed compact forms, leading zeros")
    func wsinv() throws {
        let request = try RFC4475.request("wsinv")
        #expect(request.method == .invite)
        #expect(request.uri.user == "vivekg")
        #expect(request.uri.host == "chair-dnrc.example.com")
        // "a uri parameter with no value"
        #expect(request.uri.parameters["unknownparam"] == .some(nil))
        let to = try request.headers.to()
        #expect(to.uri.user == "vivekg")
        #expect(to.tag == "1918181833n")
        // "escaped characters within quotes": "J Rosenberg \\\"" is J Rosenberg \"
        let from = try request.headers.from()
        #expect(from.displayName == "J Rosenberg \\\"")
        #expect(from.tag == "98asjd8")
        // "integer fields (Max-Forwards and CSeq) with leading zeros"
        #expect(try request.headers.maxForwards() == 68)
        #expect(try request.headers.cseq() == SIPCSeq(sequence: 9, method: .invite))
        #expect(try request.headers.callID() == "wsinv.ndaksdj@192.0.2.1")
        // "both comma separated and separately listed header field values", "a mix of short and long form"
        let vias = try request.headers.vias()
        #expect(vias.map(\.transport) == ["UDP", "TCP", "UDP"])
        #expect(vias.map(\.host) == ["192.0.2.2", "spindle.example.com", "192.168.255.111"])
        #expect(vias.map(\.branch) == ["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"])
        // "an empty subject"
        #expect(request.headers["subject"] == "")
        // "unknown header fields" kept, folded lines joined by one SP.
        #expect(request.headers["NewFangledHeader"] == "newfangled value continued newfangled value")
        // "an unknown header field with a value that would be syntactically invalid if it were defined in terms of
        // generic-param": kept as it is.
        #expect(request.headers["UnknownHeaderWithUnusualValue"] == ";;,,;;,;")
        #expect(try request.headers.routes().first?.uri.parameters["unknown-no-value"] == .some(nil))
        #expect(try request.headers.routes().first?.uri.parameters.value("unknownwith") == "value")
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts.count == 1)
        #expect(contacts[0].displayName == "Quoted string \"\"")
        // "unknown parameters of a known header field", "a header parameter with no value"
        #expect(contacts[0].parameters.value("newparam") == "newvalue")
        #expect(contacts[0].parameters["secondparam"] == .some(nil))
        #expect(contacts[0].parameters.value("q") == "0.33")
        #expect(try request.headers.contentLength() == 150)
        #expect(request.body.count == 150)
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.1.1.2 intmeth: token characters in the method, odd URI, NUL/BEL/DEL quoted pairs, UTF-8")
    func intmeth() throws {
        let request = try RFC4475.request("intmeth")
        // "% is not an escape character for this field": an unknown method, not INVITE.
        #expect(request.method.rawValue == "!interesting-Method0123456789_*+`.%indeed'~")
        #expect(request.method != .invite)
        #expect(request.uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
        #expect(request.uri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)")
        #expect(request.uri.host == "example.com")
        // "A branch parameter contains all non-alphanum characters from token."
        #expect(try request.headers.topVia().branch == "z9hG4bK-.!%66*_+`'~")
        // "quoted-pair expansions, including a quoted NULL character"
        let to = try request.headers.to()
        #expect(Array(to.displayName!.utf8) == Array("BEL:".utf8) + [0x07] + Array(" NUL:".utf8) + [0x00]
            + Array(" DEL:".utf8) + [0x7F])
        #expect(to.uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
        // Written out again (e.g. into a response with a To tag), the control characters stay quoted pairs.
        #expect(SIPAddress(to.description) == to)
        // "multiple tokens (instead of a quoted string)" and a UTF-8 parameter value.
        let from = try request.headers.from()
        #expect(from.displayName == "token1~` token2'+_ token3*%!.-")
        #expect(from.parameters.value("fromParam''~+*_!.-%") == "работающий")
        #expect(from.tag == "_token~1'+`*%!-.")
        // "% is not an escape character", quotes and brackets need not balance in a Call-ID.
        #expect(try request.headers.callID() == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")
        #expect(try request.headers.cseq().method == request.method)
        #expect(try request.headers.maxForwards() == 255)
        #expect(request.headers["extensionHeader-!.%*+_`'~"] == "\u{FEFF}大停電")
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.1.1.3 esc01: escapes in the Request-URI, To, From and Contact are unescaped once")
    func esc01() throws {
        let request = try RFC4475.request("esc01")
        // The user part is "sips:user@example.com"; the host is example.net.
        #expect(request.uri.scheme == "sip")
        #expect(request.uri.user == "sips:user@example.com")
        #expect(request.uri.host == "example.net")
        #expect(try request.headers.to().uri.user == "user")
        #expect(try request.headers.from().uri.user == "I have spaces")
        #expect(try request.headers.callID() == "esc01.239409asdfakjkn23onasd0-3234")
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts[0].uri.user == "caller")
        #expect(contacts[0].uri.parameters["lr"] == .some(nil))
        // "v%61lue%25%34%31" is "value%41", not "valueA": unescaped exactly once.
        #expect(contacts[0].uri.parameters.value("name") == "value%41")
        // "C:" is the compact Content-Type.
        #expect(request.headers["content-type"] == "application/sdp")
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.1.1.4 escnull: %00 in a user part does not shorten it; two distinct contacts")
    func escnull() throws {
        let request = try RFC4475.request("escnull")
        #expect(request.method == .register)
        #expect(try request.headers.to().uri.user == "null-\u{0}-null")
        #expect(try request.headers.to().uri.user?.utf8.count == 11)
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts.map(\.uri.user) == ["\u{0}", "\u{0}\u{0}"])
        #expect(contacts[0].uri != contacts[1].uri)
        #expect(try request.headers.contentLength() == 0)
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.1.1.5 esc02: % where it is not an escape (method, display name, branch, header name)")
    func esc02() throws {
        let request = try RFC4475.request("esc02")
        // "RE%47IST%45R" is an unknown method, not REGISTER.
        #expect(request.method.rawValue == "RE%47IST%45R")
        #expect(request.method != .register)
        #expect(try request.headers.to().displayName == "%Z%45")
        #expect(try request.headers.topVia().branch == "z9hG4bK209%fzsnel234")
        // "C%6Fntact" is an unknown header field, so there are two contacts, not three.
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts.map(\.uri.host) == ["host1.example.com", "host3.example.com"])
        #expect(request.headers["C%6Fntact"] == "<sip:alias2@host2.example.com>")
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.1.1.6 lwsdisp: no LWS between a token display name and <")
    func lwsdisp() throws {
        let request = try RFC4475.request("lwsdisp")
        let from = try request.headers.from()
        #expect(from.displayName == "caller")
        #expect(from.uri.user == "caller")
        #expect(from.tag == "323")
    }

    @Test("RFC 4475 §3.1.1.7 longreq: long values, 34 Vias in every spelling of the name")
    func longreq() throws {
        let request = try RFC4475.request("longreq")
        let to = try request.headers.to()
        #expect(to.displayName == "I have a user name of " + String(repeating: "extreme", count: 10) + " proportion")
        #expect(to.uri.port == 6000)
        #expect(to.uri.parameters.value("unknownparam1") == "very" + String(repeating: "long", count: 20) + "value")
        #expect(to.uri.parameters.value("longparam" + String(repeating: "name", count: 25)) == "shortvalue")
        let from = try request.headers.from()
        #expect(from.uri.user == String(repeating: "amazinglylongcallername", count: 5))
        #expect(from.tag == "12" + String(repeating: "982", count: 50) + "424")
        #expect(try request.headers.callID() == "longreq.one" + String(repeating: "really", count: 20) + "longcallid")
        let vias = try request.headers.vias()
        #expect(vias.count == 34)
        #expect(vias.first?.host == "sip33.example.com")
        #expect(vias.last?.branch == "very" + String(repeating: "long", count: 50) + "branchvalue")
        #expect(request.headers["Unknown-" + String(repeating: "Long", count: 20) + "-Name"] != nil)
        #expect(request.body.count == 150)
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.1.1.8 dblreq: a UDP datagram holds one message; octets after Content-Length are discarded")
    func dblreq() throws {
        let request = try RFC4475.request("dblreq")
        #expect(request.method == .register)
        #expect(try request.headers.callID() == "dblreq.0ha0isndaksdj99sdfafnl3lk233412")
        // RFC 3261 §18.3: the INVITE after the empty body is not part of this message.
        #expect(request.body.isEmpty)
    }

    @Test("RFC 4475 §3.1.1.9 semiuri: ; inside the user part of the Request-URI")
    func semiuri() throws {
        let request = try RFC4475.request("semiuri")
        #expect(request.uri.user == "user;par=u@example.net")
        #expect(request.uri.host == "example.com")
        // The parameter belongs to the user part: the URI itself has none.
        #expect(request.uri.parameters.isEmpty)
        #expect(request.headers.values("accept").count == 6)
    }

    @Test("RFC 4475 §3.1.1.10 transports: SCTP, TLS and an unknown transport in Via")
    func transports() throws {
        let request = try RFC4475.request("transports")
        #expect(try request.headers.vias().map(\.transport) == ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"])
        #expect(try request.headers.callID() == "transports.kijh4akdnaqjkwendsasfdj")
    }

    @Test("RFC 4475 §3.1.1.11 mpart01: a multipart body with binary parts is kept byte for byte")
    func mpart01() throws {
        let bytes = try RFC4475.bytes("mpart01")
        let request = try RFC4475.request("mpart01")
        #expect(request.method == .message)
        #expect(request.headers["content-type"] == "multipart/mixed;boundary=7a9cbec02ceef655")
        #expect(try request.headers.contentLength() == 553)
        #expect(request.body.count == 553)
        #expect(Array(bytes.suffix(553)) == request.body)
        // The DER signature inside holds CR, LF and NUL octets; none of them ends the body early.
        #expect(request.body.contains(0x00))
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.1.1.12 unreason: a UTF-8 reason phrase")
    func unreason() throws {
        let response = try RFC4475.response("unreason")
        #expect(response.status == .ok)
        #expect(response.reason == "= 2**3 * 5**2 но сто девяносто девять - простое")
        #expect(response.body.count == 154)
    }

    @Test("RFC 4475 §3.1.1.13 noreason: an empty reason phrase (the SP before it is still there)")
    func noreason() throws {
        let response = try RFC4475.response("noreason")
        #expect(response.status == .trying)
        #expect(response.reason == "")
    }
}
