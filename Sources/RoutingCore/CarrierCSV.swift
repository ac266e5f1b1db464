import Foundation

/// Reads the carrier catalog from CSV (RFC 4180: comma-separated, `"` quoting, `""` inside quotes).
///
/// The first line is the header; the columns, in any order:
/// `country,mcc,mnc,name,technology,c_number,prefixes,provisioning_type,provisioning_url,provisioning_token`.
/// `prefixes` holds one or more `+digits` separated by spaces or `;`. `provisioning_type` is `none` or `http`
/// (then url and token are required). Every error names its line.
public enum CarrierCSV {
    public static let columns = [
        "country", "mcc", "mnc", "name", "technology", "c_number", "prefixes", "provisioning_type",
        "provisioning_url", "provisioning_token",
    ]
    static let required = Set(["country", "mcc", "mnc", "name", "technology", "c_number", "prefixes"])

    /// Parses the whole file; nothing is returned unless every line is valid.
    public static func parse(_ text: String) throws(CarrierCSVError) -> [CarrierDefinition] {
        let records = try splitRecords(text)
        guard let (headerLine, header) = records.first else { throw CarrierCSVError(line: 1, "the file is empty") }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let key = name.trimmingSpaces.lowercased()
            guard Self.columns.contains(key) else { throw CarrierCSVError(line: headerLine, "unknown column '\(key)'") }
            guard index[key] == nil else { throw CarrierCSVError(line: headerLine, "column '\(key)' appears twice") }
            index[key] = position
        }
        for column in Self.columns where Self.required.contains(column) && index[column] == nil {
            throw CarrierCSVError(line: headerLine, "missing column '\(column)'")
        }
        var result: [CarrierDefinition] = []
        var seen: [String: Int] = [:]
        for (line, fields) in records.dropFirst() {
            if fields.count == 1, fields[0].trimmingSpaces.isEmpty { continue }
            guard fields.count == header.count else {
                throw CarrierCSVError(line: line, "\(fields.count) fields where the header has \(header.count)")
            }
            func field(_ name: String) -> String { index[name].map { fields[$0].trimmingSpaces } ?? "" }
            let provisioning: ProvisioningIntegration
            switch field("provisioning_type").lowercased() {
            case "", "none": provisioning = .none
            case "http": provisioning = .http(url: field("provisioning_url"), token: field("provisioning_token"))
            case let other:
                throw CarrierCSVError(line: line, "provisioning_type: '\(other)' is neither none nor http")
            }
            let prefixes = field("prefixes").split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init)
            let definition: CarrierDefinition
            do {
                definition = try CarrierDefinition(
                    country: field("country"), mcc: field("mcc"), mnc: field("mnc"), name: field("name"),
                    technology: field("technology").lowercased(), cNumber: field("c_number"), prefixes: prefixes,
                    provisioning: provisioning)
            } catch {
                throw CarrierCSVError(line: line, error.description)
            }
            let key = definition.mcc + "/" + definition.mnc
            if let first = seen[key] {
                throw CarrierCSVError(line: line, "mcc \(definition.mcc) mnc \(definition.mnc) already on line \(first)")
            }
            seen[key] = line
            result.append(definition)
        }
        return result
    }

    /// Splits into records of fields, each with the line number where the record starts.
    static func splitRecords(_ text: String) throws(CarrierCSVError) -> [(Int, [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false
        var afterQuote = false
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var position = 0
        while position < characters.count {
            let character = characters[position]
            position += 1
            if quoted {
                if character == "\"" {
                    if position < characters.count, characters[position] == "\"" {
                        field.append("\"")
                        position += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\n":
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                afterQuote = false
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            default:
                if afterQuote, character != " " {
                    throw CarrierCSVError(line: line, "text after a closing quote")
                }
                if character == "\"" { throw CarrierCSVError(line: line, "a quote inside an unquoted field") }
                field.append(character)
            }
        }
        if quoted { throw CarrierCSVError(line: recordLine, "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append((recordLine, fields)) }
        return records
    }
}

/// A CSV line that cannot be imported.
public struct CarrierCSVError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
