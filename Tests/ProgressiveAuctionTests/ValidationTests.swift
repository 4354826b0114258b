import Testing

@testable import ProgressiveAuction

/// Every documented bad input gives an error naming its field.
@Suite struct ValidationTests {
    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func exchangeErrors() {
        let s = [ExchangeSeller(id: "S1", quantity: 5)]
        let b = [ExchangeBuyer(id: "A", demand: 5, unitPrice: 1)]
        #expect(Self.message { _ = try ExchangeMarket(sellers: [], buyers: b, epsilon: 0.01) }.hasPrefix("sellers is empty"))
        #expect(Self.message { _ = try ExchangeMarket(sellers: s, buyers: [], epsilon: 0.01) }.hasPrefix("buyers is empty"))
        #expect(Self.message { _ = try ExchangeMarket(sellers: s, buyers: b, epsilon: 0) }.hasPrefix("epsilon = 0.0"))
        #expect(Self.message { _ = try ExchangeMarket(sellers: s, buyers: b, epsilon: 0.1, ispPrice: -1) }.hasPrefix("ispPrice = -1.0"))
        #expect(Self.message { _ = try ExchangeMarket(sellers: [ExchangeSeller(id: "S1", quantity: -2)], buyers: b, epsilon: 0.1) }
            .hasPrefix("sellers[0].quantity = -2.0"))
        #expect(Self.message { _ = try ExchangeMarket(sellers: s, buyers: [ExchangeBuyer(id: "A", demand: -1, unitPrice: 1)], epsilon: 0.1) }
            .hasPrefix("buyers[0].demand = -1.0"))
        #expect(Self.message { _ = try ExchangeMarket(sellers: s, buyers: b + b, epsilon: 0.1) }.hasPrefix("buyers[1].id: duplicate id 'A'"))
    }

    @Test func pspErrors() {
        #expect(Self.message { try PSPScenario(quantity: 100, epsilon: 5).validate() }.hasPrefix("bids is empty"))
        #expect(Self.message { try PSPScenario(quantity: -1, epsilon: 5, bids: []).validate() }.hasPrefix("quantity = -1.0"))
        #expect(Self.message { try PSPScenario(quantity: 1, epsilon: 0, bids: []).validate() }.hasPrefix("epsilon = 0.0"))
        let bid = PSPScenario.NamedBid(id: "a", quantity: -3, price: 1)
        #expect(Self.message { try PSPScenario(quantity: 1, epsilon: 1, bids: [bid]).validate() }.hasPrefix("bids[0].quantity = -3.0"))
        let p = PSPScenario.Player(id: "a", valuation: .quadratic(marginalAtZero: 10, saturation: 0))
        #expect(Self.message { try PSPScenario(quantity: 1, epsilon: 1, players: [p]).validate() }
            .hasPrefix("players[0].valuation.saturation = 0.0"))
        let ok = PSPScenario.Player(id: "a", valuation: .logarithmic(weight: 1))
        #expect(Self.message { try PSPScenario(quantity: 1, epsilon: 1, players: [ok, ok]).validate() }.hasPrefix("players[1].id: duplicate id 'a'"))
    }
}
