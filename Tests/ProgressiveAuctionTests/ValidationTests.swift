import ProgressiveAuction
import SurplusCore
import Testing

/// Every documented bad input gives an `InputError` naming its field and value.
@Suite struct ValidationTests {
    /// The field and value of the error `body` throws, or nil.
    static func rejected(_ body: () throws -> Void) -> (field: String, value: String)? {
        do { try body() } catch let error as InputError { return (error.field, error.value) } catch { return ("other error", "\(error)") }
        return nil
    }

    static func expect(_ body: () throws -> Void, field: String, value: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let got = rejected(body)
        #expect(got?.field == field && got?.value == value, "\(String(describing: got))", sourceLocation: sourceLocation)
    }

    @Test func exchangeErrors() {
        let s = [ExchangeSeller(id: "S1", quantity: 5)]
        let b = [ExchangeBuyer(id: "A", demand: 5, unitPrice: 1)]
        Self.expect({ _ = try ExchangeMarket(sellers: [], buyers: b, epsilon: 0.01) }, field: "sellers", value: "[]")
        Self.expect({ _ = try ExchangeMarket(sellers: s, buyers: [], epsilon: 0.01) }, field: "buyers", value: "[]")
        Self.expect({ _ = try ExchangeMarket(sellers: s, buyers: b, epsilon: 0) }, field: "epsilon", value: "0")
        Self.expect({ _ = try ExchangeMarket(sellers: s, buyers: b, epsilon: 0.1, ispPrice: -1) }, field: "ispPrice", value: "-1")
        Self.expect(
            { _ = try ExchangeMarket(sellers: [ExchangeSeller(id: "S1", quantity: -2)], buyers: b, epsilon: 0.1) },
            field: "sellers[0].quantity", value: "-2")
        Self.expect(
            { _ = try ExchangeMarket(sellers: s, buyers: [ExchangeBuyer(id: "A", demand: -1, unitPrice: 1)], epsilon: 0.1) },
            field: "buyers[0].demand", value: "-1")
        Self.expect(
            { _ = try ExchangeMarket(sellers: s, buyers: [ExchangeBuyer(id: "A", demand: 1, unitPrice: 0)], epsilon: 0.1) },
            field: "buyers[0].unitPrice", value: "0")
        Self.expect({ _ = try ExchangeMarket(sellers: s, buyers: b + b, epsilon: 0.1) }, field: "buyers[1].id", value: "'A'")
        Self.expect(
            { _ = try ExchangeMarket(sellers: s, buyers: [ExchangeBuyer(id: "S1", demand: 1, unitPrice: 1)], epsilon: 0.1) },
            field: "buyers[0].id", value: "'S1'")
        Self.expect(
            { _ = try ExchangeMarket(sellers: [ExchangeSeller(id: ExchangeMarket.brokerID, quantity: 1)], buyers: b, epsilon: 0.1) },
            field: "sellers[0].id", value: "'broker'")
    }

    @Test func pspErrors() {
        Self.expect({ try PSPScenario(quantity: 100, epsilon: 5).validate() }, field: "bids", value: "absent")
        Self.expect({ try PSPScenario(quantity: 100, epsilon: 5, bids: []).validate() }, field: "bids", value: "[]")
        Self.expect({ try PSPScenario(quantity: -1, epsilon: 5, bids: []).validate() }, field: "quantity", value: "-1")
        Self.expect({ try PSPScenario(quantity: 1, epsilon: 0, bids: []).validate() }, field: "epsilon", value: "0")
        let bid = PSPScenario.NamedBid(id: "a", quantity: -3, price: 1)
        Self.expect({ try PSPScenario(quantity: 1, epsilon: 1, bids: [bid]).validate() }, field: "bids[0].quantity", value: "-3")
        let p = PSPScenario.Player(id: "a", valuation: .quadratic(marginalAtZero: 10, saturation: 0))
        Self.expect({ try PSPScenario(quantity: 1, epsilon: 1, players: [p]).validate() }, field: "players[0].valuation.saturation", value: "0")
        let ok = PSPScenario.Player(id: "a", valuation: .logarithmic(weight: 1))
        Self.expect({ try PSPScenario(quantity: 1, epsilon: 1, players: [ok, ok]).validate() }, field: "players[1].id", value: "'a'")
        var rounds = PSPScenario(quantity: 1, epsilon: 1, players: [ok])
        rounds.maxRounds = 0
        Self.expect({ try rounds.validate() }, field: "maxRounds", value: "0")
        Self.expect({ _ = try PSPDynamics(market: PSPMarket(quantity: 1, epsilon: 1), valuations: []) }, field: "players", value: "[]")
        Self.expect({ _ = try PSPMarket(quantity: 1, epsilon: 1).clear([Bid(quantity: 1, price: -1)]) }, field: "bids[0].price", value: "-1")
    }
}
