import ArgumentParser
import SignallingCapture

/// `reroute decode [--json] FILE`: every M3UA message, and every MTP3 message carried by M2PA or an MTP2 link,
/// in a capture, in order.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode every M3UA/M2PA/MTP3 message (and the ISUP inside) in a pcap or pcapng capture.",
        discussion: """
            M3UA is recognised by SCTP PPID 3 (also byte-swapped) or port 2905, also over SCTP-in-UDP (RFC 6951, \
            port 9899) and TCP; M2PA by PPID 5 or port 3565; MTP2 and MTP3 link captures by their link type. \
            The output format is described in docs/decode.md. Exit status 2 when the file is not a capture or is \
            truncated.
            """
    )

    @Flag(name: .long, help: "One JSON object per message per line.")
    var json = false

    @Argument(help: "The capture file (pcap or pcapng).")
    var file: String

    func run() throws {
        var source = try CaptureSource(path: file)
        var output = OutputStream()
        let table = SignallingTable()
        if !json { output.write(line: SignallingTable.header) }
        defer { output.flush() }
        try source.forEachRecord { record in
            if json {
                output.write { record.appendJSONLine(to: &$0) }
            } else {
                output.write(line: table.line(for: record))
            }
        }
    }
}
