/// The parameters ASPDN and ASPDN ACK (RFC 4666 §3.5.3, §3.5.4) share: both messages carry the same list.
public protocol M3UAASPDownParameters: M3UAInfoStringCarrying {}

extension M3UAASPDownParameters {
    /// Builds the message with its parameters in the RFC's order.
    public init(infoString: M3UAInfoString? = nil) {
        var parameters: [M3UAParameter] = []
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }
}
