public import NIOCore
import WireSupport

extension M3UAParameter {
    /// Writes the parameter: tag, length (header + value, without padding), value, zero padding to four (§3.2).
    @discardableResult
    public func encode(into buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        buffer.writeInteger(tag.rawValue)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt16(0))
        let valueStart = buffer.writerIndex
        encodeValue(into: &buffer)
        let valueLength = buffer.writerIndex - valueStart
        buffer.setInteger(UInt16(truncatingIfNeeded: valueLength + 4), at: lengthIndex)
        buffer.writePaddingToFour(after: valueLength)
        return buffer.writerIndex - start
    }

    private func encodeValue(into buffer: inout ByteBuffer) {
        switch self {
        case .infoString(let info): buffer.writeImmutableBuffer(info.bytes)
        case .routingContext(let values): for value in values { buffer.writeInteger(value) }
        case .diagnosticInformation(let bytes), .heartbeatData(let bytes): buffer.writeImmutableBuffer(bytes)
        case .trafficModeType(let mode): buffer.writeInteger(mode.rawValue)
        case .errorCode(let code): buffer.writeInteger(code.rawValue)
        case .status(let status): buffer.writeMultipleIntegers(status.type, status.information)
        case .aspIdentifier(let value), .correlationID(let value), .networkAppearance(let value),
            .localRoutingKeyIdentifier(let value):
            buffer.writeInteger(value)
        case .affectedPointCode(let entries), .originatingPointCodeList(let entries):
            for entry in entries { buffer.writeInteger(entry.word) }
        case .userCause(let userCause): buffer.writeMultipleIntegers(userCause.cause, userCause.user)
        case .congestionIndications(let indications): buffer.writeInteger(indications.word)
        case .concernedDestination(let entry), .destinationPointCode(let entry): buffer.writeInteger(entry.word)
        case .routingKey(let key): key.parameters.encode(into: &buffer)
        case .registrationResult(let result): result.parameters.encode(into: &buffer)
        case .deregistrationResult(let result): result.parameters.encode(into: &buffer)
        case .serviceIndicators(let indicators): buffer.writeBytes(indicators)
        case .protocolData(let data): data.encode(into: &buffer)
        case .registrationStatus(let status): buffer.writeInteger(status.rawValue)
        case .deregistrationStatus(let status): buffer.writeInteger(status.rawValue)
        case .draft06ProtocolData1(let mtp3): buffer.writeImmutableBuffer(mtp3)
        case .draft06ProtocolData2(let indicator, let mtp3):
            buffer.writeInteger(indicator)
            buffer.writeImmutableBuffer(mtp3)
        case .unknown(let tlv): buffer.writeImmutableBuffer(tlv.value)
        }
    }
}

extension Array where Element == M3UAParameter {
    /// Writes every parameter in order.
    @discardableResult
    public func encode(into buffer: inout ByteBuffer) -> Int {
        var written = 0
        for parameter in self { written += parameter.encode(into: &buffer) }
        return written
    }
}
