// The fixed settings of papers 001 and 002 that tests, benchmarks and the
// report run: Example 1, the two-subset market of Sec. 5 and the five-player
// PSP auction. Seeded random markets are in `RandomInstances`.

/// The exchange's fixed markets.
extension ExchangeMarket {
    /// Example 1 (paper 002 Sec. 4.3, Table 1; paper 001 Sec. IV-C): buyers A-E
    /// want 50, 40, 26, 20, 14 units at unit prices 1, 1.2, 1.5, 2, 2.2; sellers
    /// S1 and S2 hold 65 and 85 units. The papers print no epsilon (0.01 is the
    /// reading of `Scenarios/data-exchange-example.json`) and no ISP.
    public static func exampleOne(epsilon: Double = 0.01, ispPrice: Double? = nil) throws -> ExchangeMarket {
        try ExchangeMarket(
            sellers: [ExchangeSeller(id: "S1", quantity: 65), ExchangeSeller(id: "S2", quantity: 85)],
            buyers: [
                ExchangeBuyer(id: "A", demand: 50, unitPrice: 1.0), ExchangeBuyer(id: "B", demand: 40, unitPrice: 1.2),
                ExchangeBuyer(id: "C", demand: 26, unitPrice: 1.5), ExchangeBuyer(id: "D", demand: 20, unitPrice: 2.0),
                ExchangeBuyer(id: "E", demand: 14, unitPrice: 2.2),
            ],
            epsilon: epsilon, ispPrice: ispPrice)
    }

    /// Two disconnected market subsets (paper 002, Sec. 5), made by the
    /// synchronous path: at t = 0 every buyer bids its whole demand at S2 (the
    /// largest seller, 100 units); S2 serves H1-H3 (90) and L2 (10) and
    /// excludes L1, so p_*^2 = 1 + epsilon; L1 moves to S1 (30 units), which
    /// serves it and keeps 10 with p_*^1 = epsilon. Nobody bids at both
    /// sellers: {S2, H1-H3, L2} and {S1, L1}, with reserves 1 apart, the gap
    /// brokers are meant to squeeze.
    public static func disconnectedSubsets(epsilon: Double = 0.01) throws -> ExchangeMarket {
        try ExchangeMarket(
            sellers: [ExchangeSeller(id: "S1", quantity: 30), ExchangeSeller(id: "S2", quantity: 100)],
            buyers: [
                ExchangeBuyer(id: "H1", demand: 30, unitPrice: 2.0), ExchangeBuyer(id: "H2", demand: 30, unitPrice: 2.2),
                ExchangeBuyer(id: "H3", demand: 30, unitPrice: 2.4), ExchangeBuyer(id: "L1", demand: 20, unitPrice: 1.0),
                ExchangeBuyer(id: "L2", demand: 10, unitPrice: 1.5),
            ],
            epsilon: epsilon)
    }
}

extension PSPScenario {
    /// The five-player local auction the report runs for 002 Sec. 3.2 (the
    /// papers print no PSP example; Q = 100 and epsilon = 5 as in Lazar and
    /// Semret's simulations): three quadratic valuations (theta'(0) / saturation
    /// 15/80, 20/60, 12/90), a linear one (9 per unit up to 30) and a
    /// logarithmic one (weight 120). The body of `Scenarios/psp-lazar-semret.json`.
    public static let fivePlayerSetting = PSPScenario(
        quantity: 100, epsilon: 5,
        players: [
            Player(id: "p1", valuation: .quadratic(marginalAtZero: 15, saturation: 80)),
            Player(id: "p2", valuation: .quadratic(marginalAtZero: 20, saturation: 60)),
            Player(id: "p3", valuation: .quadratic(marginalAtZero: 12, saturation: 90)),
            Player(id: "p4", valuation: .linear(unitValue: 9, cap: 30)),
            Player(id: "p5", valuation: .logarithmic(weight: 120)),
        ])
}
