import Foundation
import RerouteTestSupport
import RoutingCore
import RoutingService
import RoutingStore
import Testing

@Suite struct ConcurrencyAndPropertyTests {
    /// Two accounts validate the same free number at the same time: exactly one wins, the other gets 409.
    @Test(arguments: 0..<3)
    func twoConcurrentLinksOfTheSameNumberExactlyOneWins(round: Int) async throws {
        try await withDatabase { database in
            let h = Harness(database: database, seed: UInt64(round + 100))
            let contested = "+447700900050"
            var tokens: [String] = []
            for (index, own) in ["+447700900011", "+447700900012"].enumerated() {
                let (_, login) = try await h.validatedAccount(own, device: "d\(index)")
                _ = try await h.service.linkNumber(token: login.token, number: contested)
                tokens.append(login.token)
            }
            var attempts: [(String, String)] = []
            for token in tokens {
                let started = try await h.service.startValidation(
                    number: contested, method: .smsCode, source: "10.0.0.1", token: token)
                attempts.append((started.id.description, try await h.lastCode(sentTo: contested)))
            }
            let results = await withTaskGroup(of: Result<ValidationConfirmed, any Error>.self) { group in
                for (id, code) in attempts {
                    group.addTask {
                        do {
                            return .success(try await h.service.confirmValidation(id: id, code: code, source: "10.0.0.1"))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let winners = results.compactMap { try? $0.get() }
            #expect(winners.count == 1)
            for case .failure(let error) in results {
                #expect(error as? RoutingError == .numberOwnedByAnotherAccount(try E164Number(parsing: contested)))
            }
            let owners = try await database.read { tx in try await tx.owner(of: try E164Number(parsing: contested)) }
            #expect(owners == winners.first?.accountID)
        }
    }

    /// Random link / delink / set-primary / validate through the service give the answers of the pure model and
    /// never leave an account with validated numbers but no primary, nor a number on two accounts.
    @Test func randomOperationsAgreeWithTheModelAndKeepTheInvariants() async throws {
        var configuration = RoutingConfiguration()
        configuration.validationStartsPerNumber = RateLimitPolicy(limit: 10_000, window: 60)
        configuration.validationStartsPerSource = RateLimitPolicy(limit: 10_000, window: 60)
        try await withDatabase { database in
            let h = Harness(database: database, configuration: configuration, seed: 77)
            let numbers = (1...4).map { "+44770090010\($0)" }
            var model = NumberRegistry()
            var tokens: [AccountID: String] = [:]
            var ids: [AccountID] = []
            for index in 0..<3 {
                let own = "+44770090020\(index)"
                let (account, login) = try await h.validatedAccount(own, device: "d\(index)")
                tokens[account.accountID] = login.token
                ids.append(account.accountID)
                let stored = try #require(try await database.read { tx in try await tx.account(account.accountID) })
                model.add(stored)
            }
            var rng = SeededGenerator(seed: 2024)
            for step in 0..<150 {
                let id = ids[Int(rng.next() % 3)]
                let token = tokens[id]!
                let number = numbers[Int(rng.next() % 4)]
                let e164 = try E164Number(parsing: number)
                h.clock.advance(1)
                let time = h.clock.now()
                let modelError: AccountRuleError?
                let serviceError: RoutingError?
                switch rng.next() % 4 {
                case 0:
                    modelError = Self.catching { () throws(AccountRuleError) in try model.link(e164, to: id, at: time) }
                    serviceError = await Self.catching { _ = try await h.service.linkNumber(token: token, number: number) }
                case 1:
                    modelError = Self.catching { () throws(AccountRuleError) in try model.delink(e164, from: id) }
                    serviceError = await Self.catching { try await h.service.delinkNumber(token: token, number: number) }
                case 2:
                    modelError = Self.catching { () throws(AccountRuleError) in try model.setPrimary(e164, of: id) }
                    serviceError = await Self.catching { _ = try await h.service.setPrimary(token: token, number: number) }
                default:
                    guard model.accounts[id]?.link(of: e164) != nil else { continue }
                    let expected = model.owner(of: e164)
                    modelError = Self.catching { () throws(AccountRuleError) in
                        try model.validate(e164, by: id, expectedOwner: expected, at: time)
                    }
                    serviceError = await Self.catching {
                        let started = try await h.service.startValidation(
                            number: number, method: .smsCode, source: "10.0.0.1", token: token)
                        _ = try await h.service.confirmValidation(
                            id: started.id.description, code: try await h.lastCode(sentTo: number), source: "10.0.0.1")
                    }
                }
                #expect(serviceError == modelError.map(RoutingError.init), "step \(step)")
                #expect(model.invariantsHold, "step \(step)")
                // The stored accounts equal the model's and satisfy the invariants.
                for id in ids {
                    let stored = try await database.read { tx in try await tx.account(id) }
                    #expect(stored?.invariantsHold == true, "step \(step)")
                    #expect(stored?.numbers.map(\.number) == model.accounts[id]?.numbers.map(\.number), "step \(step)")
                    #expect(stored?.primary == model.accounts[id]?.primary, "step \(step)")
                }
            }
        }
    }

    static func catching(_ body: () throws(AccountRuleError) -> Void) -> AccountRuleError? {
        do { try body(); return nil } catch { return error }
    }

    static func catching(_ body: () async throws -> Void) async -> RoutingError? {
        do { try await body(); return nil } catch let error as RoutingError { return error } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }
}

