import BilateralMarket
import Ledger
import SurplusCore

/// The ledger transfers that settle one trade of a bilateral period by its credit model, so
/// that the two budgets move as eq. (1) of paper 000 says (the table is in <doc:LiveMarkets>).
/// Amounts in micro-units: k, s and c_serve rounded to the nearest micro-unit, the overdraft
/// d = (k - b)^+ exact, its interest (from `MarketParameters.trade`) to the nearest micro-unit.
struct PairSettlement {
    struct Outcome {
        var trade: LiveTrade
        var overdraft: Amount
        var interest: Amount
        var postings: [Transfer]
    }

    let market: MarketID
    let parameters: MarketParameters
    let period: Int
    /// k, s and c_serve of the market's (first) type.
    let price: Amount
    let surplus: Amount
    let serveCost: Amount

    init(market: MarketID, parameters: MarketParameters, period: Int) throws {
        self.market = market
        self.parameters = parameters
        self.period = period
        price = try MoneyRounding.nearest(parameters.price, field: "price")
        surplus = try MoneyRounding.nearest(parameters.types.first?.surplus ?? 0, field: "surplus")
        serveCost = try MoneyRounding.nearest(parameters.types.first?.serveCost ?? 0, field: "serveCost")
    }

    /// The transfers of the `number`-th trade of the period: the client of budget `budget`
    /// buys one unit from `server` at k.
    func settle(client: AccountID, budget: Amount, server: AccountID, number: Int) throws -> Outcome {
        let k = price.microUnits, b = budget.microUnits, s = surplus.microUnits
        let d = max(0, k - b)
        let interestTokens = try parameters.trade(clientBudget: BilateralMarketPeriod.tokens(budget), serverBudget: 0).interest
        let interest = try MoneyRounding.nearest(interestTokens, field: "interest").microUnits
        var postings: [Transfer] = []
        func post(_ purpose: String, _ debit: AccountID, _ credit: AccountID, _ amount: Int64) throws {
            guard amount > 0 else { return }
            let id = try CanonicalEncoder.transferID(market: market, purpose, period, number)
            postings.append(try Transfer(id: id, .post(debit: debit, credit: credit, amount: Amount(microUnits: amount)),
                                         memo: "\(purpose) \(market) period \(period) #\(number)"))
        }
        // The client's balance after paying and receiving its surplus, before repaying: what
        // a repayment may take (eq. (1) keeps h(b) >= 0; rounding the interest may not).
        let beforeRepaying = b + d - k + s
        switch parameters.model {
        case .hard:
            try post("payment", client, server, k)
            try post("surplus", .world, client, s)
        case .bank:
            try post("loan", .bank, client, d)
            try post("payment", client, server, k)
            try post("surplus", .world, client, s)
            try post("repayment", client, .bank, min(d + interest, beforeRepaying))
        case .loan:
            try post("payment", client, server, k - d)
            try post("surplus", .world, client, s)
            try post("repayment", client, server, min(d + interest, beforeRepaying))
        }
        try post("serveCost", server, .world, serveCost.microUnits)
        let trade = LiveTrade(number: number, market: market, round: period, buyer: client, seller: server,
                              quantity: 1, unitPrice: parameters.price, payment: price)
        return Outcome(trade: trade, overdraft: Amount(microUnits: d), interest: Amount(microUnits: interest), postings: postings)
    }
}
