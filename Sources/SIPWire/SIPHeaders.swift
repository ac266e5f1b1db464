/// The header fields of a message, in order, as received (RFC 3261 §7.3).
///
/// Lookups use the canonical long name, so `v:` and `Via:` are the same header. Values are kept as text with folded
/// lines joined (RFC 3261 §7.3.1: "can be replaced with a single SP"); typed views live in `SIPHeaders+Typed.swift`.
public struct SIPHeaders: Hashable, Sendable, Sequence {
    public struct Field: Hashable, Sendable {
        /// The name as written (compact or long form, original case).
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// The lower-cased long form.
        public var canonicalName: String { SIPHeaderName.canonical(name) }
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    public var count: Int { fields.count }

    public func contains(_ name: String) -> Bool {
        let key = SIPHeaderName.canonical(name)
        return fields.contains { $0.canonicalName == key }
    }

    /// The raw values of every row so named, in order.
    public func rows(_ name: String) -> [String] {
        let key = SIPHeaderName.canonical(name)
        return fields.filter { $0.canonicalName == key }.map(\.value)
    }

    /// The first row's raw value.
    public subscript(name: String) -> String? {
        let key = SIPHeaderName.canonical(name)
        return fields.first { $0.canonicalName == key }?.value
    }

    /// Every value of a list header, split at top-level commas across all rows (RFC 3261 §7.3.1); for other headers,
    /// one value per row.
    public func values(_ name: String) -> [String] {
        let rows = rows(name)
        guard SIPHeaderName.isList(name) else { return rows }
        return rows.flatMap(SIPListSplitter.split)
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Puts a row before all others (e.g. a proxy's or B2BUA's own Via: RFC 3261 §16.6 step 8).
    public mutating func prepend(_ name: String, _ value: String) {
        fields.insert(Field(name: name, value: value), at: 0)
    }

    /// Removes every row so named.
    public mutating func remove(_ name: String) {
        let key = SIPHeaderName.canonical(name)
        fields.removeAll { $0.canonicalName == key }
    }

    /// Replaces all rows so named by one row, at the place of the first one (or at the end).
    public mutating func replace(_ name: String, with value: String) {
        let key = SIPHeaderName.canonical(name)
        if let index = fields.firstIndex(where: { $0.canonicalName == key }) {
            fields[index].value = value
            var position = index + 1
            while position < fields.count {
                if fields[position].canonicalName == key { fields.remove(at: position) } else { position += 1 }
            }
        } else {
            add(name, value)
        }
    }

    /// Removes the first value of a list header (e.g. the top Via when a response goes upstream, RFC 3261 §18.1.2),
    /// keeping the other values of its row.
    public mutating func removeFirstValue(_ name: String) {
        let key = SIPHeaderName.canonical(name)
        guard let index = fields.firstIndex(where: { $0.canonicalName == key }) else { return }
        var values = SIPListSplitter.split(fields[index].value)
        values.removeFirst()
        if values.isEmpty {
            fields.remove(at: index)
        } else {
            fields[index].value = values.joined(separator: ", ")
        }
    }
}
