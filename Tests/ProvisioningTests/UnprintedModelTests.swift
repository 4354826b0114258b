import Foundation
import Provisioning
import SurplusCore
import SurplusTestSupport
import Testing

/// A model the slides do not print: u(Q) = Q^0.3, c(Q) = 2Q, theta ~ Beta(2, 2), solved end to
/// end and checked against computations that share no code path with the solvers.
@Suite struct UnprintedModelTests {
    /// P* by brute force: every (theta, Q) on a 1500 x 3000 grid (Q on a log grid), keeping
    /// the budget-feasible points, with F and the partial mean by plain midpoint sums of the
    /// Beta(2, 2) density 6 t (1 - t). The solver must be at least as good as the grid's best and
    /// within the grid's resolution of it.
    @Test func postedMechanismBeatsABruteForceGrid() throws {
        let n = 50
        let model = try Support.unprintedModel(players: n)
        let posted = try PostedMechanism.solve(model)
        let steps = 1500
        var survival = [Double](repeating: 0, count: steps + 1), partial = [Double](repeating: 0, count: steps + 1)
        for i in stride(from: steps - 1, through: 0, by: -1) {
            let mid = (Double(i) + 0.5) / Double(steps)
            let mass = 6 * mid * (1 - mid) / Double(steps)
            survival[i] = survival[i + 1] + mass
            partial[i] = partial[i + 1] + mid * mass
        }
        var best = -Double.infinity
        for i in 0...steps {
            let theta = Double(i) / Double(steps)
            for j in 0..<3000 {
                let q = exp(-5 + 10 * Double(j) / 3000)
                let u = pow(q, 0.3), c = 2 * q
                guard Double(n) * survival[i] * theta * u >= c else { continue }
                best = max(best, Double(n) * partial[i] * u - c)
            }
        }
        #expect(posted.welfare >= best - 1e-3 * best)
        #expect(isApproximatelyEqual(posted.welfare, best, relative: 2e-3), "solver \(posted.welfare) vs grid \(best)")
        // KKT at the solution: the budget binds, so n (1 - F) theta* u(Q*) = c(Q*).
        #expect(posted.budgetBinds)
        let funded = Double(n) * model.types.survival(posted.thresholdType) * posted.fee
        // The funded size is a root found to 1e-13; the fees meet the cost to 1e-9 relative.
        #expect(isApproximatelyEqual(funded, model.cost(n, posted.size), relative: 1e-9))
    }

    /// First best for n = 1 is E[K theta^k], k = beta/(beta - alpha) = 1/0.7, an integral computed here by a
    /// 20,000-point midpoint rule; the Monte Carlo (with its control variate) must agree within
    /// 4 standard errors plus the midpoint rule's 1e-6.
    @Test func firstBestMonteCarloMatchesQuadratureForOnePeer() throws {
        let model = try Support.unprintedModel(players: 1)
        // max_Q {theta Q^0.3 - 2Q}: Q = (0.15 theta)^(1/0.7), value 0.7 theta Q^0.3.
        var exact = 0.0
        let m = 20_000
        for i in 0..<m {
            let t = (Double(i) + 0.5) / Double(m)
            exact += 0.7 * t * pow(0.15 * t, 0.3 / 0.7) * 6 * t * (1 - t) / Double(m)
        }
        let mc = FirstBest.solve(model, monteCarlo: try Support.options(20_000))
        #expect(mc.method == "monteCarlo")
        #expect(isApproximatelyEqual(mc.expectedWelfare, exact, absolute: 4 * mc.standardError + 1e-6), "\(mc) vs \(exact)")
    }

    /// The full chain at n = 200: posted <= second best <= first best, and the ratio
    /// Phi_n / Phi*_n is close to 1 (the second best is a Monte Carlo; 4 standard errors).
    @Test func secondBestSitsBetweenAndRatioIsNearOne() throws {
        let model = try Support.unprintedModel(players: 200)
        let posted = try PostedMechanism.solve(model)
        let second = try SecondBest.solve(model, monteCarlo: try Support.options(200))
        let first = FirstBest.solve(model, monteCarlo: try Support.options(400))
        #expect(second.welfare + 4 * second.standardError >= posted.welfare)
        #expect(second.welfare <= first.expectedWelfare + 4 * first.standardError)
        #expect(isApproximatelyEqual(second.welfare, posted.welfare, relative: 0.01))
        // The simulated posted mechanism averages to Phi*_n.
        let sim = posted.simulate(model, options: try Support.options(400))
        #expect(isApproximatelyEqual(sim.welfare.mean, posted.welfare, absolute: 4 * sim.welfare.standardError))
    }

    /// The beta law's numerics against plain midpoint sums of its density.
    @Test(arguments: [(2.0, 2.0), (2.0, 5.0), (0.7, 1.5)])
    func betaLawMatchesMidpointSums(a: Double, b: Double) throws {
        let law = try TypeDistribution.beta(a, b)
        let m = 200_000
        var cdf = 0.0, partial = 0.0
        let logB = lgammaValue(a) + lgammaValue(b) - lgammaValue(a + b)
        for i in 0..<m {
            let t = (Double(i) + 0.5) / Double(m)
            let f = exp((a - 1) * log(t) + (b - 1) * log(1 - t) - logB) / Double(m)
            if t <= 0.3 { cdf += f } else { partial += t * f }
        }
        // Midpoint sums with 2e5 cells of a density that may be singular at 0 (a = 0.7): 2e-3.
        #expect(isApproximatelyEqual(law.cdf(0.3), cdf, absolute: 2e-3))
        #expect(isApproximatelyEqual(law.upperPartialMean(0.3), partial, absolute: 2e-3))
        #expect(isApproximatelyEqual(law.mean, a / (a + b), absolute: 1e-12))
        // The CDF's two evaluation paths (binomial tail for integer shapes, continued fraction)
        // agree, including close to 0 and 1.
        for x in [1e-9, 0.01, 0.3, 0.5, 0.77, 0.99, 1 - 1e-12] {
            let fast = SpecialFunctions.betaCDF(x, a, b), reference = SpecialFunctions.regularizedIncompleteBeta(x, a, b)
            #expect(isApproximatelyEqual(fast, reference, absolute: 1e-12), "Beta(\(a), \(b)) at \(x): \(fast) vs \(reference)")
        }
        var rng = RandomStream(seed: 11)
        let draws = (0..<40_000).map { _ in law.sample(using: &rng) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        // 40,000 draws: the mean's s.e. is below 0.0025, so 4 s.e. < 0.01.
        #expect(isApproximatelyEqual(mean, a / (a + b), absolute: 0.01))
    }

    private func lgammaValue(_ x: Double) -> Double { SpecialFunctions.logGamma(x) }
}
