extension SDPSessionDescription {
    /// The description as text with CRLF line ends, fields in the RFC 8866 §5 order.
    public var text: String {
        var out = "v=\(version)\r\n"
        func line(_ type: Character, _ value: String) { out += "\(type)=\(value)\r\n" }
        func lines(_ other: [SDPLine], _ slot: SDPLine.Slot) {
            for item in other where item.slot == slot { line(item.type, item.value) }
        }
        line("o", origin.wireText)
        line("s", sessionName)
        lines(otherLines, .beforeConnection)
        if let connection { line("c", connection.wireText) }
        for bandwidth in bandwidths { line("b", bandwidth.wireText) }
        for timing in timings { line("t", timing.wireText) }
        lines(otherLines, .afterTiming)
        lines(otherLines, .beforeAttributes)
        for attribute in attributes { line("a", attribute.wireText) }
        for media in media {
            line("m", media.mediaLineText)
            lines(media.otherLines, .beforeConnection)
            for connection in media.connections { line("c", connection.wireText) }
            for bandwidth in media.bandwidths { line("b", bandwidth.wireText) }
            lines(media.otherLines, .afterTiming)
            lines(media.otherLines, .beforeAttributes)
            for attribute in media.attributes { line("a", attribute.wireText) }
        }
        return out
    }

    /// The description as UTF-8 bytes, ready for a SIP body (`Content-Type: application/sdp`).
    public var encoded: [UInt8] { Array(text.utf8) }
}
