public import MediaBridge

/// The `[media]` section of `conf/gateway.conf`: the E1 pseudowires whose timeslots carry the calls' voice
/// (RFC 5086 CESoPSN, or RFC 4553 SAToP with `service satop`, over UDP), so that a forked call's media is bridged between its timeslot and the answering
/// device (issue 6 item 5, docs/media-bridge.md). Without it the gateway forks signalling only.
///
/// ```
/// [media]
/// pseudowire e1a = udp 127.0.0.1:5000 -> 127.0.0.1:5002 timeslots 1-15,17-31 frames 8 depth 4 cic-offset 0
/// pseudowire e1b = udp 127.0.0.1:5004 -> 127.0.0.1:5006 timeslots 1-15,17-31 cic-offset 32
/// pseudowire e1c = udp 127.0.0.1:5008 -> 127.0.0.1:5010 timeslots 1-15,17-31 service satop ts16 0xD5 cic-offset 64
/// echo-tail = 128      # ms of echo path the line echo canceller covers (G.168 §6.4.1); 0 = no canceller
/// prompts = conf/prompts   # greeting.wav and beep.wav for voicemail (8 kHz mono WAVE)
/// ```
/// The RTP legs take `[sip] media-address` and `[sip] rtp-ports`.
public struct GatewayMediaSettings: Hashable, Sendable {
    public var pseudowires: [PseudowireConfiguration]
    /// Echo canceller tail in samples (8 per ms); nil: no canceller (the trunk cancels echo itself).
    public var echoTail: Int?
    /// The directory of the voicemail prompts.
    public var prompts: String

    public static let none = GatewayMediaSettings(pseudowires: [])

    public init(pseudowires: [PseudowireConfiguration], echoTail: Int? = 1024, prompts: String = "conf/prompts") {
        self.pseudowires = pseudowires
        self.echoTail = echoTail
        self.prompts = prompts
    }

    /// Whether calls get a media bridge.
    public var enabled: Bool { !pseudowires.isEmpty }

    /// Keys of `[media]` (a trailing ` *` matches any name: `pseudowire NAME`).
    static let keys: Set<String> = ["pseudowire *", "echo-tail", "prompts"]

    init(reader: Reader) throws(ConfigurationError) {
        var wires: [PseudowireConfiguration] = []
        let tail = try reader.integer("media", "echo-tail", in: 0...512, default: 128)
        echoTail = tail == 0 ? nil : Int(tail) * 8
        prompts = try reader.string("media", "prompts", default: "conf/prompts")
        for (key, value) in reader.file.values(in: "media").sorted(by: { $0.value.line < $1.value.line })
        where key.hasPrefix("pseudowire ") {
            do {
                wires.append(try PseudowireConfiguration.parse("\(key) = \(value.text)"))
            } catch {
                throw ConfigurationError(path: reader.file.path, line: value.line, "[media] \(error.description)")
            }
        }
        do {
            _ = try TDMCircuitMap(wires)
        } catch {
            throw ConfigurationError(path: reader.file.path, line: reader.file.value("media", "")?.line, "[media] \(error.description)")
        }
        pseudowires = wires
    }
}
