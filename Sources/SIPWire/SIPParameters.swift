/// An ordered list of `;name=value` parameters (RFC 3261 §25.1 `generic-param`, `uri-parameter`).
///
/// Names compare case-insensitively (RFC 3261 §7.3.1 "parameter names are case-insensitive"); order and spelling are
/// kept so a message re-encodes as it came.
public struct SIPParameters: Hashable, Sendable, Sequence {
    public struct Parameter: Hashable, Sendable {
        public var name: String
        /// The value without quotes; nil for a flag parameter such as `;lr` or `;rport`.
        public var value: String?
        /// Whether the value was (and will be written) a quoted string.
        public var quoted: Bool

        public init(name: String, value: String?, quoted: Bool = false) {
            self.name = name
            self.value = value
            self.quoted = quoted
        }
    }

    public private(set) var items: [Parameter] = []

    public init() {}

    public init(_ items: [Parameter]) {
        self.items = items
    }

    public func makeIterator() -> IndexingIterator<[Parameter]> { items.makeIterator() }

    public var isEmpty: Bool { items.isEmpty }

    /// Whether the parameter is present, with or without a value.
    public func contains(_ name: String) -> Bool {
        items.contains { $0.name.lowercased() == name.lowercased() }
    }

    /// The value of the first parameter so named; `.some(nil)` for a flag, nil when absent.
    public subscript(name: String) -> String?? {
        guard let item = items.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        return .some(item.value)
    }

    /// The value, or nil when absent or a flag.
    public func value(_ name: String) -> String? {
        self[name] ?? nil
    }

    public mutating func append(_ name: String, _ value: String?, quoted: Bool = false) {
        items.append(Parameter(name: name, value: value, quoted: quoted))
    }

    /// Replaces the first parameter so named (keeping its place) or appends one.
    public mutating func set(_ name: String, _ value: String?, quoted: Bool = false) {
        if let index = items.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            items[index] = Parameter(name: items[index].name, value: value, quoted: quoted)
        } else {
            append(name, value, quoted: quoted)
        }
    }

    public mutating func remove(_ name: String) {
        items.removeAll { $0.name.lowercased() == name.lowercased() }
    }

    /// `;name=value;flag` as written on the wire; quoted values get their quotes and escapes back.
    public var wireText: String {
        var out = ""
        for item in items {
            out += ";" + item.name
            guard let value = item.value else { continue }
            out += "=" + (item.quoted ? SIPQuoting.quote(value) : value)
        }
        return out
    }
}

/// Writing quoted strings (RFC 3261 §25.1 `quoted-string`, `quoted-pair`).
enum SIPQuoting {
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            // quoted-pair = "\\" (%x00-09 / %x0B-0C / %x0E-7F): quotes, backslashes and control characters
            // (RFC 4475 §3.1.1.2 puts NUL, BEL and DEL in a display name) go out as quoted pairs.
            if character == "\"" || character == "\\"
                || character.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F })
            {
                out.append("\\")
            }
            out.append(character)
        }
        return out + "\""
    }
}
