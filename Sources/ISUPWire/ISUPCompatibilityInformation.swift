public import NIOCore
import WireSupport

/// Instruction indicators of the message (Q.763 §3.33) and parameter (§3.41) compatibility information: a chain
/// of octets, each with extension bit H (1 = last octet), kept whole so extra octets round-trip.
///
/// ```
///     H     G F          E                D        C        B        A
/// 1 [ext][MCI: BB/NB  ][MCI: pass on not][discard][send   ][release][transit at
///        [PCI: pass on][PCI: discard    ][message][notif. ][call   ][intermediate
///        [not possible][parameter       ]                           [exchange
/// ```
public struct ISUPInstructionIndicators: Hashable, Sendable {
    public var octets: [UInt8]

    public init(octets: [UInt8]) { self.octets = octets }

    private var first: UInt8 { octets.first ?? 0x80 }

    /// A: transit at intermediate exchange (0 = transit interpretation, 1 = end node interpretation).
    public var endNodeInterpretation: Bool { first.bit(0) }
    /// B: release call.
    public var releaseCall: Bool { first.bit(1) }
    /// C: send notification (CFN).
    public var sendNotification: Bool { first.bit(2) }
    /// D: discard message.
    public var discardMessage: Bool { first.bit(3) }
    /// E in parameter compatibility information: discard parameter.
    public var discardParameter: Bool { first.bit(4) }
    /// E in message compatibility information: pass on not possible (1 = discard message / release call per
    /// the other bits).
    public var messagePassOnNotPossible: Bool { first.bit(4) }
    /// GF in parameter compatibility information: 0 release call, 1 discard message, 2 discard parameter.
    public var parameterPassOnNotPossible: UInt8 { first.bits(5, width: 2) }
    /// GF in message compatibility information, or BA of octet 2 in parameter compatibility information:
    /// broadband/narrowband interworking indicator.
    public var broadbandNarrowbandInterworking: UInt8 { first.bits(5, width: 2) }

    /// Reads one extension chain (Q.763 §3.33: "bit H extension indicator: 0 information continues …").
    static func read(_ octets: [UInt8], from start: inout Int) throws(ISUPParameterError) -> ISUPInstructionIndicators {
        var chain: [UInt8] = []
        while true {
            guard start < octets.count else { throw .invalidContent("instruction indicators without last octet") }
            let octet = octets[start]
            chain.append(octet)
            start += 1
            if octet.bit(7) { return ISUPInstructionIndicators(octets: chain) }
        }
    }
}

/// Message compatibility information (Q.763 §3.33).
public struct ISUPMessageCompatibilityInformation: ISUPParameterValue {
    public var instructions: ISUPInstructionIndicators

    public init(instructions: ISUPInstructionIndicators) { self.instructions = instructions }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 1)
        instructions = ISUPInstructionIndicators(octets: value.isupOctets)
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeBytes(instructions.octets) }
}

/// Parameter compatibility information (Q.763 §3.41): for each listed parameter, its instruction indicators.
public struct ISUPParameterCompatibilityInformation: ISUPParameterValue {
    public struct Entry: Hashable, Sendable {
        public var parameter: ISUPParameterCode
        public var instructions: ISUPInstructionIndicators

        public init(parameter: ISUPParameterCode, instructions: ISUPInstructionIndicators) {
            self.parameter = parameter
            self.instructions = instructions
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The instructions for `code`, if the sender listed it.
    public func instructions(for code: ISUPParameterCode) -> ISUPInstructionIndicators? {
        entries.first { $0.parameter == code }?.instructions
    }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 2)
        let octets = value.isupOctets
        var index = 0
        var entries: [Entry] = []
        while index < octets.count {
            let code = ISUPParameterCode(octets[index])
            index += 1
            let instructions = try ISUPInstructionIndicators.read(octets, from: &index)
            entries.append(Entry(parameter: code, instructions: instructions))
        }
        self.entries = entries
    }

    public func encode(into buffer: inout ByteBuffer) {
        for entry in entries {
            buffer.writeInteger(entry.parameter.rawValue)
            buffer.writeBytes(entry.instructions.octets)
        }
    }
}
