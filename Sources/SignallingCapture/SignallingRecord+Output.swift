import PCAPWire
extension SignallingRecord {
    /// The record as one line of JSON (with its newline), in the format `reroute decode --json` documents in
    /// `docs/decode.md`. Keys that do not apply are left out.
    public var jsonLine: [UInt8] {
        var line: [UInt8] = []
        appendJSONLine(to: &line)
        return line
    }

    /// Appends the JSON line (with its newline) to `buffer`, without an intermediate array.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        var moved: [UInt8] = []
        swap(&moved, &buffer)
        var json = JSONLine(appendingTo: moved)
        json.field("frame", frame)
        json.field("index", index)
        json.field("time", seconds: time.seconds, nanoseconds: time.nanoseconds)
        switch carrier {
        case .sctp(let stream, let ppid, let udp):
            json.field("transport", udp ? "sctp-udp" : "sctp")
            json.field("stream", stream)
            json.field("ppid", ppid)
        case .tcp: json.field("transport", "tcp")
        case .mtp2Link: json.field("transport", "mtp2")
        case .mtp3Link: json.field("transport", "mtp3")
        case .undecodable: break
        }
        json.field("src", source)
        json.field("dst", destination)
        if let m3ua {
            json.beginObject("m3ua")
            json.field("class", m3ua.messageClass)
            json.field("type", m3ua.messageType)
            json.field("name", m3ua.name)
            json.field("rc", m3ua.routingContext)
            json.field("opc", m3ua.opc)
            json.field("dpc", m3ua.dpc)
            json.field("si", m3ua.si)
            json.field("ni", m3ua.ni)
            json.field("mp", m3ua.mp)
            json.field("sls", m3ua.sls)
            json.endObject()
        }
        if let mtp3 {
            json.beginObject("mtp3")
            json.field("opc", mtp3.opc)
            json.field("dpc", mtp3.dpc)
            json.field("si", mtp3.si)
            json.field("ni", mtp3.ni)
            json.field("sls", mtp3.sls)
            json.endObject()
        }
        if let isup { json.userPart("isup", isup) }
        if let bicc { json.userPart("bicc", bicc) }
        json.field("error", error)
        buffer = json.finish()
    }

    /// The originating and destination point codes, from M3UA Protocol Data or the MTP3 routing label.
    public var pointCodes: (opc: UInt32, dpc: UInt32)? {
        if let m3ua, let opc = m3ua.opc, let dpc = m3ua.dpc { return (opc, dpc) }
        if let mtp3 { return (mtp3.opc, mtp3.dpc) }
        return nil
    }

    /// The ISUP or BICC message, whichever this record carries.
    public var userPart: ISUPSummary? { isup ?? bicc }

    /// The most specific message name: ISUP (or BICC) when present, else M3UA, else MTP3's service indicator.
    public var messageName: String {
        if let isup { return isup.name }
        if let bicc { return "BICC " + bicc.name }
        if let m3ua {
            if let si = m3ua.si, m3ua.name == "DATA" { return "DATA SI\(si)" }
            return m3ua.name
        }
        if let mtp3 { return "MTP3 SI\(mtp3.si)" }
        return "?"
    }
}

extension JSONLine {
    /// The `isup` (or `bicc`) object of a record.
    mutating func userPart(_ name: StaticString, _ summary: ISUPSummary) {
        beginObject(name)
        field("type", summary.messageType)
        field("name", summary.name)
        field("cic", summary.cic)
        field("called", summary.called)
        field("calling", summary.calling)
        field("original_called", summary.originalCalled)
        field("redirecting", summary.redirecting)
        field("redirection_reason", summary.redirectionReason)
        field("cause", summary.cause)
        endObject()
    }
}

/// Renders records as an aligned, readable table (`reroute decode` without `--json`).
public struct SignallingTable {
    public init() {}

    public static let header = pad("FRAME", 7) + pad("TIME", 28) + pad("OPC→DPC", 14) + pad("MESSAGE", 14)
        + pad("CIC", 6) + "DETAILS"

    /// One table line (without newline) for `record`.
    public func line(for record: SignallingRecord) -> String {
        var frame = String(record.frame)
        if record.index > 0 { frame += "." + String(record.index) }
        let direction = record.pointCodes.map { "\($0.opc)→\($0.dpc)" } ?? "-"
        var details: [String] = []
        if let isup = record.userPart {
            if let called = isup.called { details.append("called=" + called) }
            if let calling = isup.calling { details.append("calling=" + calling) }
            if let ocn = isup.originalCalled { details.append("ocn=" + ocn) }
            if let redirecting = isup.redirecting { details.append("redirecting=" + redirecting) }
            if let reason = isup.redirectionReason { details.append("reason=\(reason)") }
            if let cause = isup.cause { details.append("cause=\(cause)") }
        } else if let m3ua = record.m3ua, let rc = m3ua.routingContext {
            details.append("rc=\(rc)")
        }
        if let error = record.error { details.append("error: " + error) }
        let cic = record.userPart.map { String($0.cic) } ?? "-"
        return Self.pad(frame, 7) + Self.pad(record.time.utcDescription, 28) + Self.pad(direction, 14)
            + Self.pad(record.messageName, 14) + Self.pad(cic, 6) + details.joined(separator: " ")
    }

    public static func pad(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text + " " : text + String(repeating: " ", count: width - count)
    }
}
