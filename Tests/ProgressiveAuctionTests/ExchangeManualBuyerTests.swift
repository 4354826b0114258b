import Foundation
import SurplusCore
import SurplusTestSupport
import Testing

import ProgressiveAuction

/// Manual buyers (`ExchangeBuyer.bids`): their bids stay on file as placed while managed
/// buyers re-bid by Algorithm 2 around them; their valuation (D_i, theta_i') prices their
/// utility and the ISP fallback as a managed buyer's does.
@Suite struct ExchangeManualBuyerTests {
    static func market(_ buyers: [ExchangeBuyer], isp: Double = 10) throws -> ExchangeMarket {
        try ExchangeMarket(sellers: [ExchangeSeller(id: "S1", quantity: 10)], buyers: buyers, epsilon: 0.01, ispPrice: isp)
    }

    static func bought(_ o: ExchangeOutcome, _ buyer: String, from seller: String) -> Double {
        o.trades.filter { $0.buyer == buyer && $0.seller == seller }.reduce(0) { $0 + $1.quantity }
    }

    /// M bids all 10 units of S1 at 3; managed A values 10 units at 2. Rule (5) serves the
    /// higher bid whatever A does, and M's bid never moves: it is in no round's responses.
    @Test(arguments: ExchangeSchedule.allCases)
    func aManualBidHoldsAgainstAManagedBuyer(schedule: ExchangeSchedule) throws {
        let manual = ExchangeBuyer(id: "M", demand: 10, unitPrice: 3, bids: [.init(seller: "S1", quantity: 10, unitPrice: 3)])
        let o = try Self.market([ExchangeBuyer(id: "A", demand: 10, unitPrice: 2), manual])
            .settle(options: .init(schedule: schedule, recordTrace: true))
        #expect(o.converged)
        #expect(isApproximatelyEqual(Self.bought(o, "M", from: "S1"), 10, absolute: 1e-9))
        #expect(Self.bought(o, "A", from: "S1") == 0)
        let paid = o.trades.filter { $0.buyer == "M" }.reduce(0) { $0 + $1.payment }
        #expect(paid >= 0.01 * 10 - 1e-9 && paid <= 3 * 10 + 1e-9, "rule (6) charges at least the reserve, at most the bid: \(paid)")
        #expect(o.trace?.allSatisfy { round in !round.responses.contains { $0.buyer == "M" } } == true)
        let books = o.trace?.dropFirst().map { $0.sellers[0].bids.filter { $0.buyer == "M" } }
        #expect(books?.allSatisfy { $0.count == 1 && $0[0].quantity == 10 && $0[0].price == 3 } == true, "M's bid as placed in every book")
        #expect(o.unmetDemand.first { $0.buyer == "A" }?.quantity == 10, "A values data below the ISP's price: unmet")
        #expect(isApproximatelyEqual(o.utilities.first { $0.buyer == "M" }?.utility ?? 0, 3 * 10 - paid, absolute: 1e-9))
    }

    /// A manual buyer with no bids yet gets nothing from the sellers; what it wants, worth
    /// more than p^kappa to it, it buys from the ISP (Remark 4), as a managed buyer would.
    @Test func aManualBuyerWithoutBidsBuysFromTheISP() throws {
        let o = try Self.market([ExchangeBuyer(id: "M", demand: 5, unitPrice: 12, bids: [])]).settle()
        #expect(Self.bought(o, "M", from: "S1") == 0)
        #expect(Self.bought(o, "M", from: ExchangeMarket.ispID) == 5)
        #expect(o.unsoldSupply.first?.quantity == 10)
        let utility: Double = (12 - 10) * 5
        #expect(o.utilities.first.map { isApproximatelyEqual($0.utility, utility, absolute: 1e-9) } == true, "\(o.utilities)")
    }

    /// Bad manual bids name their field.
    @Test func badManualBidsNameTheField() throws {
        func field(_ bids: [ExchangeBuyer.FixedBid], demand: Double = 10) -> String? {
            do {
                _ = try ExchangeMarket(
                    sellers: [ExchangeSeller(id: "S1", quantity: 10), ExchangeSeller(id: "S2", quantity: 10)],
                    buyers: [ExchangeBuyer(id: "A", demand: 1, unitPrice: 1), ExchangeBuyer(id: "M", demand: demand, unitPrice: 2, bids: bids)],
                    epsilon: 0.01)
                return nil
            } catch let error as InputError { return error.field } catch { return "\(error)" }
        }
        #expect(field([.init(seller: "S9", quantity: 1, unitPrice: 1)]) == "buyers[1].bids[0].seller")
        #expect(field([.init(seller: "S1", quantity: 1, unitPrice: 1), .init(seller: "S1", quantity: 1, unitPrice: 1)]) == "buyers[1].bids[1].seller")
        #expect(field([.init(seller: "S1", quantity: 0, unitPrice: 1)]) == "buyers[1].bids[0].quantity")
        #expect(field([.init(seller: "S1", quantity: 1, unitPrice: -1)]) == "buyers[1].bids[0].unitPrice")
        #expect(field([.init(seller: "S1", quantity: 11, unitPrice: 1)]) == "buyers[1].bids")
        #expect(field([.init(seller: "S1", quantity: 1, unitPrice: 1), .init(seller: "S2", quantity: 1, unitPrice: 1),
                       .init(seller: "S1", quantity: 1, unitPrice: 1)]) == "buyers[1].bids")
        #expect(field([.init(seller: "S1", quantity: 6, unitPrice: 1), .init(seller: "S2", quantity: 4, unitPrice: 9)]) == nil)
    }

    /// A scenario file names a manual buyer's bids beside its demand and value; a managed
    /// buyer's entry has no `bids` key.
    @Test func manualBidsInAScenarioFile() throws {
        let json = #"""
        {"epsilon": 0.01, "ispPrice": 10, "sellers": [{"id": "S1", "quantity": 10}],
         "buyers": [{"id": "A", "demand": 10, "unitPrice": 2},
                    {"id": "M", "demand": 10, "unitPrice": 3, "bids": [{"seller": "S1", "quantity": 10, "unitPrice": 3}]}]}
        """#
        let scenario = try StrictJSON.decode(ExchangeScenario.self, from: Data(json.utf8))
        #expect(scenario.buyers[0].bids == nil)
        #expect(scenario.buyers[1].bids == [.init(seller: "S1", quantity: 10, unitPrice: 3)])
        let again = try StrictJSON.decode(ExchangeScenario.self, from: JSONEncoder().encode(scenario))
        #expect(again.buyers == scenario.buyers)
        #expect(!String(decoding: try JSONEncoder().encode(scenario.buyers[0]), as: UTF8.self).contains("bids"))
        let o = try scenario.market().settle()
        #expect(isApproximatelyEqual(Self.bought(o, "M", from: "S1"), 10, absolute: 1e-9))
    }
}
