import Foundation
import GatewayReplay
import Interworking
import ISUPProtocol
import ISUPWire
import MediaBridgeService
import MediaCodecs
public import NIOCore
public import RoutingCore
public import TelecomTypes

/// The outbound validation call (issue 7 item 3, OBD): the routing server asks for a call to a number being
/// validated; the gateway places it (IAM on a free CIC), stays silent while it rings, and on answer (ANM or CON)
/// speaks the code twice — "Your Reroute validation code is 1 2 3 4 5 6. I repeat: 1 2 3 4 5 6. Goodbye." — on the
/// call's timeslot, then releases (REL cause 16). Unanswered within `ringLimit`, it is released too.
extension SignallingGateway {
    struct ValidationCall {
        var serial: UInt64
        var code: String
        var mediaAttached = false
        var speaking = false
        var ringLimit: Scheduled<Void>?
    }

    /// How long a validation call may ring before the gateway gives up (the user is told to expect the call).
    static let validationRingLimit: TimeAmount = .seconds(60)

    /// Places the validation call to `number` speaking `code`; the CIC, or nil when no call could be placed (no
    /// link, no free circuit, no media bridge or prompts to speak with).
    public func placeValidationCall(to number: E164Number, code: String) -> EventLoopFuture<CircuitIdentificationCode?> {
        eventLoop.flatSubmit {
            guard self.media != nil, self.validationPrompts != nil else {
                self.logLine("validation call to \(number): no media bridge or prompts to speak the code with")
                return self.eventLoop.makeSucceededFuture(nil)
            }
            guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }),
                let signals = AddressSignals(number.digits)
            else {
                self.logLine("validation call to \(number): code \"\(code)\" is not six digits")
                return self.eventLoop.makeSucceededFuture(nil)
            }
            // The calling party: the validation number when configured (the user sees where the call is from).
            let calling = self.router?.plan.validationNumber.flatMap { AddressSignals($0.digits) }.map {
                ISUPNumber(signals: $0, natureOfAddress: .internationalNumber)
            }
            guard self.linkActive,
                let (cic, actions) = self.core.placeCall(
                    called: ISUPNumber(signals: signals, natureOfAddress: .internationalNumber), calling: calling)
            else {
                self.logLine("validation call to \(number): no free circuit")
                return self.eventLoop.makeSucceededFuture(nil)
            }
            self.nextSerial += 1
            let serial = self.nextSerial
            self.validations[cic] = ValidationCall(serial: serial, code: code)
            self.validations[cic]?.ringLimit = self.eventLoop.scheduleTask(in: Self.validationRingLimit) { [weak self] in
                guard let self, self.validations[cic]?.serial == serial, self.validations[cic]?.speaking == false else {
                    return
                }
                self.logLine("CIC \(cic) validation call: not answered in time")
                self.perform(self.core.release(cic: cic, cause: .normalCallClearing))
            }
            self.logLine("CIC \(cic) validation call to \(number)")
            self.perform(actions)
            self.attachValidationMedia(cic, serial: serial)
            return self.eventLoop.makeSucceededFuture(cic)
        }
    }

    /// The timeslot joins the bridge answered locally: silence towards the called party until the code is spoken.
    private func attachValidationMedia(_ cic: CircuitIdentificationCode, serial: UInt64) {
        guard let media else { return }
        let circuit = Int(cic.value)
        let loop = eventLoop
        Task {
            do {
                try await media.attach(cic: circuit)
            } catch {
                loop.execute { self.logLine("CIC \(cic) validation call: no timeslot (\(error))") }
                return
            }
            media.answerLocally(cic: circuit)
            loop.execute {
                guard self.validations[cic]?.serial == serial else {
                    media.end(cic: circuit)
                    return
                }
                self.validations[cic]?.mediaAttached = true
                if self.validations[cic]?.speaking == true { self.speakCode(cic) }
            }
        }
    }

    /// The ISUP side of a validation call: answered → speak; released → done.
    func validationEvent(_ cic: CircuitIdentificationCode, answered: Bool) {
        guard var call = validations[cic] else { return }
        if answered {
            guard !call.speaking else { return }
            call.speaking = true
            call.ringLimit?.cancel()
            validations[cic] = call
            if call.mediaAttached { speakCode(cic) }
        } else {
            call.ringLimit?.cancel()
            validations.removeValue(forKey: cic)
            if call.mediaAttached { media?.end(cic: Int(cic.value)) }
        }
    }

    private func speakCode(_ cic: CircuitIdentificationCode) {
        guard let media, let prompts = validationPrompts, let call = validations[cic] else { return }
        let serial = call.serial
        let loop = eventLoop
        logLine("CIC \(cic) validation call answered: speaking the code twice")
        media.play(cic: Int(cic.value), samples: prompts.render(ValidationCallScript.pieces(code: call.code))) {
            [weak self] in
            loop.execute {
                guard let self, self.validations[cic]?.serial == serial else { return }
                self.logLine("CIC \(cic) validation call: code spoken, releasing")
                self.perform(self.core.release(cic: cic, cause: .normalCallClearing))
            }
        }
    }
}

/// What a validation call says (pure): the introduction, the six digits, "I repeat", the digits again, goodbye, with
/// pauses a listener can write the digits down in.
public enum ValidationCallScript {
    public enum Piece: Hashable, Sendable {
        case intro
        case digit(Int)
        case repeatIntro
        case goodbye
        /// Silence, in milliseconds.
        case pause(Int)
    }

    public static func pieces(code: String) -> [Piece] {
        let digits = code.compactMap(\.wholeNumberValue).flatMap { [Piece.digit($0), .pause(250)] }
        return [.pause(500), .intro, .pause(400)] + digits + [.pause(500), .repeatIntro, .pause(400)] + digits
            + [.pause(400), .goodbye, .pause(300)]
    }
}

/// The prompts of the validation call (`code-intro.wav`, `digit-0.wav` … `digit-9.wav`, `code-repeat.wav`,
/// `goodbye.wav` in the prompts directory, made by `scripts/make-prompts.sh` with espeak-ng), 8 kHz linear.
public struct ValidationCallPrompts: Sendable {
    public var intro: [Int16]
    public var digits: [[Int16]]
    public var repeatIntro: [Int16]
    public var goodbye: [Int16]

    public init(intro: [Int16], digits: [[Int16]], repeatIntro: [Int16], goodbye: [Int16]) {
        precondition(digits.count == 10, "one prompt per digit 0-9")
        self.intro = intro
        self.digits = digits
        self.repeatIntro = repeatIntro
        self.goodbye = goodbye
    }

    public static func load(directory: String) throws -> ValidationCallPrompts {
        func read(_ name: String) throws -> [Int16] { try VoicemailPrompts.read(directory: directory, name: name) }
        return ValidationCallPrompts(
            intro: try read("code-intro.wav"), digits: try (0...9).map { try read("digit-\($0).wav") },
            repeatIntro: try read("code-repeat.wav"), goodbye: try read("goodbye.wav"))
    }

    /// The script as one announcement.
    public func render(_ pieces: [ValidationCallScript.Piece]) -> [Int16] {
        pieces.flatMap { piece -> [Int16] in
            switch piece {
            case .intro: intro
            case .digit(let digit): digits[digit]
            case .repeatIntro: repeatIntro
            case .goodbye: goodbye
            case .pause(let milliseconds): [Int16](repeating: 0, count: milliseconds * 8)
            }
        }
    }
}
