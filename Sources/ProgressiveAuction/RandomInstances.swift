import SurplusCore

/// Seeded random instances for property tests, benchmarks and studies; each
/// draws from its own named stream of `run` (the `StreamName` families of this module).
public enum RandomInstances {
    /// Players of a single PSP auction in the spirit of Lazar and Semret's
    /// set-up (the market of `PSPScenario.fivePlayerSetting`, Q = 100,
    /// epsilon = 5): quadratic valuations with theta'(0) ~ U[10, 30] and
    /// saturation ~ U[20, 120]; with `mixed`, every third player is linear
    /// (unit value ~ U[8, 25], cap ~ U[10, 60]) and every third logarithmic
    /// (weight ~ U[50, 300]).
    public static func pspValuations(count: Int, run: RunOptions, mixed: Bool = false) -> [Valuation] {
        var rng = run.stream(.pspValuations)
        func u(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextUnit() }
        return (0..<count).map { i in
            guard mixed else { return .quadratic(marginalAtZero: u(10, 30), saturation: u(20, 120)) }
            switch i % 3 {
            case 0: return .quadratic(marginalAtZero: u(10, 30), saturation: u(20, 120))
            case 1: return .linear(unitValue: u(8, 25), cap: u(10, 60))
            default: return .logarithmic(weight: u(50, 300))
            }
        }
    }

    /// A data exchange: seller quantities ~ U[1, 20], buyer demands ~ U[0.5, 5],
    /// unit prices ~ U[0.5, 3] rounded to `priceStep` (coarse steps make ties,
    /// which exercise the proportional rule), epsilon = 0.01, ISP price 3.
    public static func exchange(
        buyers: Int, sellers: Int, run: RunOptions, priceStep: Double = 0, ispPrice: Double? = 3
    ) throws -> ExchangeMarket {
        var rng = run.stream(.exchangeMarket)
        func u(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextUnit() }
        let s = (0..<sellers).map { ExchangeSeller(id: "S\($0 + 1)", quantity: u(1, 20)) }
        let b = (0..<buyers).map { k -> ExchangeBuyer in
            var p = u(0.5, 3)
            if priceStep > 0 { p = max(priceStep, (p / priceStep).rounded() * priceStep) }
            return ExchangeBuyer(id: "B\(k + 1)", demand: u(0.5, 5), unitPrice: p)
        }
        return try ExchangeMarket(sellers: s, buyers: b, epsilon: 0.01, ispPrice: ispPrice)
    }

    /// The sizes (buyers x sellers) of the markets `exchange` makes for the
    /// epsilon-equilibrium search (Prop. 2, Theorem 1): small enough to try
    /// every pool of sellers.
    public static let deviationSearchSizes: [(buyers: Int, sellers: Int)] = [(4, 2), (8, 3)]

    /// A data exchange where buyers must split their demand across sellers:
    /// 10 buyers wanting U[5, 30] units at unit prices U[0.5, 3] from 5
    /// sellers holding U[1, 20]; epsilon = 0.01, no ISP. Demand (mean 175)
    /// almost always exceeds supply (mean 52.5), so sellers can sell out
    /// (Lemma 4), and no equal split covers most buyers (the efficiency
    /// study: before issue 12's change to the buyer response, the remainders
    /// equal bids left were stranded here).
    public static func splittingExchange(run: RunOptions) throws -> ExchangeMarket {
        var rng = run.stream(.splittingMarket)
        let s = (0..<5).map { ExchangeSeller(id: "S\($0)", quantity: 1 + 19 * rng.nextUnit()) }
        let b = (0..<10).map { ExchangeBuyer(id: "B\($0)", demand: 5 + 25 * rng.nextUnit(), unitPrice: 0.5 + 2.5 * rng.nextUnit()) }
        return try ExchangeMarket(sellers: s, buyers: b, epsilon: 0.01)
    }

    /// The bid prices of one sealed-bid auction for `PrivateWinnerDetermination`
    /// (Algorithm 1): 2-12 buyers, prices in whole cents on [0.50, 3.00] so that
    /// ties happen, and the same prices in a shuffled order (the anonymity check).
    public static func sealedBids(run: RunOptions) -> (prices: [Double], shuffled: [Double]) {
        var rng = run.stream(.sealedBids)
        let n = 2 + rng.nextIndex(below: 11)
        let prices = (0..<n).map { _ in (50 + Double(rng.nextIndex(below: 251))) / 100 }
        return (prices, prices.shuffled(using: &rng))
    }

    /// The public price ceiling of `sealedBids` (no price is above it).
    public static let sealedBidCeiling = 3.0
}

extension RandomInstances {
    /// The sizes (buyers x sellers) of `smallExchange`, cycled by instance:
    /// from demand well under supply (4 x 3: mean 11 units wanted, 31.5 held)
    /// to well over it (16 x 2: 44 wanted, 21 held), so that buyers must
    /// split, fall short, and leave remainders in every mix.
    public static let smallExchangeSizes: [(buyers: Int, sellers: Int)] = [(4, 3), (6, 2), (8, 3), (10, 4), (16, 2), (12, 3)]

    /// Small market `index` of the stranding and welfare study (the
    /// exchange's property tests and `ExchangeWelfareSurvey`): an `exchange`
    /// of size `smallExchangeSizes[index % 6]`, drawn from
    /// `run.derived(.studyInstance, index)`, with unit prices on a 0.25 grid
    /// (ties) for odd indices, and an ISP at 3 (the top of the unit values,
    /// so a few buyers use it).
    public static func smallExchange(index: Int, run: RunOptions) throws -> ExchangeMarket {
        let size = smallExchangeSizes[index % smallExchangeSizes.count]
        return try exchange(
            buyers: size.buyers, sellers: size.sellers, run: run.derived(.studyInstance, index),
            priceStep: index % 2 == 1 ? 0.25 : 0)
    }
}
