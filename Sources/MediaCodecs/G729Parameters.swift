/// The SDP format parameters of G.729 and how two legs' views are reconciled.
///
/// RFC 4856 §2.1.9 (media type G729) and RFC 3551 §4.5.6: `annexb=yes|no`, and "if the parameter is absent,
/// annexb=yes is implied". Annex B only adds VAD/DTX and SID frames to the same bitstream, so a difference
/// between legs is settled by the parameters alone (both legs get the common value), never by transcoding.
public struct G729Parameters: Sendable, Hashable {
    /// Whether Annex B (silence suppression with SID frames) is used.
    public var annexB: Bool

    public init(annexB: Bool = true) {
        self.annexB = annexB
    }

    /// Reads an `a=fmtp` parameter list such as `annexb=no` (names and values case-insensitive, RFC 8866 §6.15).
    ///
    /// Unknown parameters are ignored; an unrecognised `annexb` value keeps the default (yes), as RFC 4856 gives
    /// no other meaning to it.
    public init(fmtp: String) {
        self.annexB = true
        for item in fmtp.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: " \t").lowercased()
            }
            guard pair.count == 2, pair[0] == "annexb" else { continue }
            if pair[1] == "no" { annexB = false } else if pair[1] == "yes" { annexB = true }
        }
    }

    /// The `a=fmtp` text for these parameters (`annexb=no`, or `annexb=yes`).
    public var fmtp: String { annexB ? "annexb=yes" : "annexb=no" }

    /// The parameters both legs can use: Annex B only when both accept it (a receiver that said `annexb=no`
    /// must not get SID frames), so the same G.729 stream is relayed to both without transcoding.
    public static func normalised(_ first: G729Parameters, _ second: G729Parameters) -> G729Parameters {
        G729Parameters(annexB: first.annexB && second.annexB)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var slice = self
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return slice
    }
}
