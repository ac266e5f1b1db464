/// A configuration file as sections of `key = value` lines; `#` starts a comment.
///
/// ```
/// [sigtran]
/// transport = sctp-udp   # sctp | sctp-udp | tcp
/// ```
/// Every value remembers its line so that a bad one is reported as `FILE:LINE: what is wrong`.
public struct ConfigurationFile: Sendable {
    public struct Value: Sendable {
        public var text: String
        public var line: Int
    }

    public let path: String
    private(set) var sections: [String: [String: Value]] = [:]

    /// Parses `text`; a line that is neither a section header, a comment nor `key = value` is an error.
    public init(text: String, path: String) throws(ConfigurationError) {
        self.path = path
        var section = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingSpaces } ?? ""
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw ConfigurationError(path: path, line: lineNumber, "a section header looks like [name]")
                }
                section = String(line.dropFirst().dropLast()).trimmingSpaces
                if sections[section] == nil { sections[section] = [:] }
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmingSpaces.isEmpty else {
                throw ConfigurationError(path: path, line: lineNumber, "expected key = value, found \"\(line)\"")
            }
            guard !section.isEmpty else {
                throw ConfigurationError(path: path, line: lineNumber, "\"\(parts[0].trimmingSpaces)\" is outside any [section]")
            }
            let key = parts[0].trimmingSpaces
            guard sections[section]?[key] == nil else {
                throw ConfigurationError(path: path, line: lineNumber, "\(key) is set twice in [\(section)]")
            }
            sections[section, default: [:]][key] = Value(text: parts[1].trimmingSpaces, line: lineNumber)
        }
    }

    /// Every `key = value` of `section` (empty when the section is absent).
    public func values(in section: String) -> [String: Value] {
        sections[section] ?? [:]
    }

    /// Whether the file has `[section]`.
    public func hasSection(_ section: String) -> Bool {
        sections[section] != nil
    }

    public func value(_ section: String, _ key: String) -> Value? {
        sections[section]?[key]
    }

    /// Rejects sections and keys nobody reads, so a typo is an error rather than a silent default.
    public func checkKnown(_ known: [String: Set<String>]) throws(ConfigurationError) {
        for (section, values) in sections {
            guard let keys = known[section] else {
                let line = values.values.map(\.line).min() ?? 1
                throw ConfigurationError(path: path, line: line, "unknown section [\(section)]")
            }
            // "name *" in `known` admits every key "name SOMETHING" (e.g. `pseudowire e1a` in [media]).
            let wildcards = keys.filter { $0.hasSuffix(" *") }.map { String($0.dropLast()) }
            for (key, value) in values
            where !keys.contains(key) && !wildcards.contains(where: { key.hasPrefix($0) && key.count > $0.count }) {
                throw ConfigurationError(
                    path: path, line: value.line,
                    "unknown key \"\(key)\" in [\(section)] (known: \(keys.sorted().joined(separator: ", ")))")
            }
        }
    }
}

/// What is wrong with a configuration file, and where: printed as one line, `FILE:LINE: message`.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int?, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
