/// An ICE candidate attribute (RFC 8839 §5.1):
/// `a=candidate:<foundation> <component-id> <transport> <priority> <address> <port> typ <cand-type>
/// [raddr <addr>] [rport <port>] *(<extension-att-name> <extension-att-value>)`.
public struct SDPCandidate: Hashable, Sendable {
    public var foundation: String
    public var component: UInt16
    public var transport: String
    public var priority: UInt32
    public var address: String
    public var port: UInt16
    /// `host`, `srflx`, `prflx`, `relay` or an extension type.
    public var type: String
    public var relatedAddress: String?
    public var relatedPort: UInt16?
    /// Extension name/value pairs, in order (RFC 8839 §5.1: kept, unknown ones ignored by ICE).
    public var extensions: [Extension]

    public struct Extension: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        foundation: String, component: UInt16, transport: String = "UDP", priority: UInt32, address: String,
        port: UInt16, type: String = "host", relatedAddress: String? = nil, relatedPort: UInt16? = nil,
        extensions: [Extension] = []
    ) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.extensions = extensions
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = try SDPFieldError.words(value, atLeast: 8, "candidate")
        guard words[6] == "typ", words[0].count <= 32, (words.count - 8) % 2 == 0 else {
            throw SDPFieldError("candidate needs '... typ <type>' and name/value pairs")
        }
        let component: UInt16 = try SDPFieldError.integer(words[1], "component-id")
        guard component >= 1, component <= 256 else { throw SDPFieldError("component-id outside 1...256") }
        self.init(
            foundation: words[0], component: component, transport: words[2],
            priority: try SDPFieldError.integer(words[3], "priority"), address: words[4],
            port: try SDPFieldError.integer(words[5], "port"), type: words[7])
        var index = 8
        while index < words.count {
            let (name, value) = (words[index], words[index + 1])
            switch name {
            case "raddr" where relatedAddress == nil && extensions.isEmpty: relatedAddress = value
            case "rport" where relatedPort == nil && extensions.isEmpty:
                relatedPort = try SDPFieldError.integer(value, "rport")
            default: extensions.append(Extension(name: name, value: value))
            }
            index += 2
        }
    }

    /// The RFC 8445 §5.1.2.1 priority: (2^24)*(type preference) + (2^8)*(local preference) + (256 - component ID).
    public static func priority(typePreference: UInt32, localPreference: UInt32, component: UInt16) -> UInt32 {
        (typePreference << 24) + (localPreference << 8) + (256 - UInt32(component))
    }

    public var wireText: String {
        var out = "\(foundation) \(component) \(transport) \(priority) \(address) \(port) typ \(type)"
        if let relatedAddress { out += " raddr \(relatedAddress)" }
        if let relatedPort { out += " rport \(relatedPort)" }
        for item in extensions { out += " \(item.name) \(item.value)" }
        return out
    }
}
