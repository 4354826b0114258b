import BilateralMarket
import Experiments
import SurplusCore

/// The unified price k of the bilateral market that maximizes an equilibrium objective for
/// a given initial budget law Psi and credit model (paper 000, Figs. 5-7: the best k
/// depends on Psi).
public enum PriceDesign {
    /// What the price is chosen for.
    public enum Objective: String, Sendable, Codable, CaseIterable {
        /// The equilibrium trade ratio 1 - z (Sec. III-C).
        case tradeRatio
        /// A newcomer's expected value E_Psi[v*] at the equilibrium (Figs. 5-7, value panels).
        case expectedValue
    }

    /// The prices a market admits, [c_serve, s + c_lose] (the bounds `MarketParameters`
    /// validates; the tightest over the agent types).
    public static func domain(_ market: MarketParameters) -> ClosedRange<Double> {
        let lower = market.types.map { $0.serveCost ?? 0 }.max() ?? 0
        let upper = market.types.map { ($0.surplus ?? 0) + market.loseCost }.min() ?? lower
        return lower...max(lower, upper)
    }

    /// Solves the mean field equilibrium at each price the search asks for
    /// (``CurveMaximum/search(over:gridPoints:tolerance:objective:)``) over `range`, by
    /// default the whole ``domain(_:)``; progress counts solves.
    /// - Throws: `InputError` (field `range`) for a range outside the domain or of one price.
    public static func optimize(
        _ market: MarketParameters, objective: Objective, range: ClosedRange<Double>? = nil,
        settings: SolverSettings = SolverSettings(), gridPoints: Int = 26, tolerance: Double = 1e-3, options: RunOptions
    ) throws -> DesignOptimum {
        let admitted = domain(market)
        let domain = range ?? admitted
        guard domain.upperBound > domain.lowerBound, admitted.contains(domain.lowerBound), admitted.contains(domain.upperBound) else {
            throw InputError(
                field: "range", value: "\(InputError.format(domain.lowerBound)):\(InputError.format(domain.upperBound))",
                expected: "LO < HI within [c_serve, s + c_lose] = [\(InputError.format(admitted.lowerBound)), \(InputError.format(admitted.upperBound))]")
        }
        let quiet = options.reporting(to: nil)
        var solves = 0
        let maximum = try CurveMaximum.search(over: domain, gridPoints: gridPoints, tolerance: tolerance) { price in
            try options.checkCancellation()
            let equilibrium = try MeanFieldEquilibrium.solve(market.with(price: price), settings: settings, options: quiet)
            solves += 1
            options.report("optimize price", min(solves, gridPoints), of: gridPoints)
            switch objective {
            case .tradeRatio: return equilibrium.tradeRatio
            case .expectedValue: return equilibrium.expectedValue
            }
        }
        return DesignOptimum(objective: objective.rawValue, parameter: "price", domain: domain, maximum: maximum)
    }
}
