@testable import BilateralMarket
import Foundation
import SurplusCore
import SurplusTestSupport
import Testing

/// The population kernel of issue 17 against the one it replaced (`ReferencePopulation`,
/// kept only here): the same market must give the same statistics, within their sampling
/// error, since only the random streams, the arrangement of the work and the storage of
/// budgets (`Float`) changed.
///
/// Each kernel runs R = 8 independent replicates (seeds `derived(.replicates, r)` of two
/// unrelated seeds) of the Bank market at U[0,5] from the equilibrium's stationary law:
/// 20,000 agents, 12 periods, the first 2 dropped. Replicates are independent, so the
/// difference of the two kernels' means of a statistic, over the standard error
/// sqrt(s1^2/R + s2^2/R), is close to Student's t with about 14 degrees of freedom under
/// the hypothesis that the kernels agree: we allow 5 (P(|t| > 5) is about 2e-4). The
/// Float budgets shift a budget by at most 6e-8 relative per trade, some 1e-6 over a
/// lifetime: 3 orders below the errors compared here.
@Suite struct KernelEquivalenceTests {
    struct Replicates {
        var tradeRatio: [Double] = []
        var zeroBid: [Double] = []
        var meanBudget: [Double] = []
        var pairsPerAgent: [Double] = []
        var finalBudgets: Histogram?
    }

    static let agents = 20_000, periods = 12, burnIn = 2, replicates = 8

    static func setting() throws -> (PopulationSimulation, PopulationRules) {
        let market = try Fixtures.cluster(.bank), e = try Fixtures.equilibrium(.bank)
        var settings = SimulationSettings()
        settings.agents = agents
        settings.periods = periods
        settings.start = .stationary
        let simulation = try PopulationSimulation(market: market, settings: settings, equilibrium: e)
        var rules = PopulationRules(market: market, problems: market.types.map { AgentProblem(market: market, type: $0) })
        rules.setPolicies(e.types.map(\.policy))
        return (simulation, rules)
    }

    static func record(_ series: [PeriodStatistics], final: Histogram, into r: inout Replicates) {
        let kept = series.dropFirst(burnIn)
        r.tradeRatio.append(Statistics.mean(kept.map(\.tradeRatio)))
        r.zeroBid.append(Statistics.mean(kept.map(\.zeroBidProbability)))
        r.meanBudget.append(Statistics.mean(kept.map(\.meanBudget)))
        r.pairsPerAgent.append(Statistics.mean(kept.map { Double($0.pairs) / Double(agents) }))
        if r.finalBudgets == nil { r.finalBudgets = final } else { r.finalBudgets?.merge(final) }
    }

    static func newKernel() throws -> Replicates {
        let (simulation, rules) = try setting()
        var r = Replicates()
        for k in 0..<replicates {
            let options = try RunOptions(seed: 11, threads: 2).derived(.replicates, k)
            let population = try Population(agents: agents, rules: rules, simulation: simulation, options: options)
            let series = (0..<periods).map { population.step(period: $0, rules: rules).statistics }
            record(series, final: population.histograms(typeCount: 1)[0], into: &r)
        }
        return r
    }

    static func referenceKernel() throws -> Replicates {
        let (simulation, rules) = try setting()
        var r = Replicates()
        for k in 0..<replicates {
            let options = try RunOptions(seed: 12, threads: 2).derived(.replicates, k)
            var population = try ReferencePopulation(agents: agents, rules: rules, simulation: simulation, options: options)
            let series = (0..<periods).map { population.step(period: $0, rules: rules).statistics }
            record(series, final: population.histograms(typeCount: 1)[0], into: &r)
        }
        return r
    }

    /// (m1 - m2) / sqrt(s1^2/R + s2^2/R).
    static func welch(_ a: [Double], _ b: [Double]) -> Double {
        let se = (Statistics.variance(a) / Double(a.count) + Statistics.variance(b) / Double(b.count)).squareRoot()
        return (Statistics.mean(a) - Statistics.mean(b)) / se
    }

    @Test func newKernelMatchesTheReference() throws {
        let new = try Self.newKernel(), old = try Self.referenceKernel()
        for (name, a, b) in [
            ("trade ratio", new.tradeRatio, old.tradeRatio), ("zero-bid probability", new.zeroBid, old.zeroBid),
            ("mean budget", new.meanBudget, old.meanBudget), ("pairs per agent", new.pairsPerAgent, old.pairsPerAgent),
        ] {
            let t = Self.welch(a, b)
            #expect(abs(t) < 5, "\(name): \(Statistics.mean(a)) vs \(Statistics.mean(b)), t = \(t)")
        }
        // The budget law: the two pooled final histograms (8 x 20,000 agents each) by a
        // two-sample chi-square over the bins with at least 40 agents in both together.
        // Agents of one population interact only through their matched partner, so their
        // budgets are nearly independent draws of the population's law; the bound is the
        // 1e-4 upper quantile of chi-square (Wilson-Hilferty), doubled for that dependence
        // and the replicates' shared law.
        let h1 = try #require(new.finalBudgets), h2 = try #require(old.finalBudgets)
        let n1 = Double(h1.total), n2 = Double(h2.total)
        var chi2 = 0.0, bins = 0
        for (x, y) in zip(h1.counts, h2.counts) where x + y >= 40 {
            let a = Double(x), b = Double(y)
            chi2 += pow(a * (n2 / n1).squareRoot() - b * (n1 / n2).squareRoot(), 2) / (a + b)
            bins += 1
        }
        let k = Double(bins - 1), z = 3.72
        let critical = k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
        #expect(bins > 20 && chi2 < 2 * critical, "chi2 \(chi2) over \(bins) bins, critical \(critical)")
    }

    /// The pairing order: Fisher-Yates with counter-based draws gives each of the 5! = 120
    /// orders of 5 entries with probability 1/120. 60,000 shuffles (keys of 60,000 streams):
    /// the chi-square over the 120 cells has 119 degrees of freedom, mean 119 and standard
    /// deviation 15.4; we allow up to 190 (P about 1e-4).
    @Test func pairingOrderIsUniform() {
        var counts = [Int: Int]()
        let options = RunOptions.serial(seed: 3)
        for k in 0..<60_000 {
            var a: [UInt32] = [0, 1, 2, 3, 4]
            let random = Population.random(.pairing, options, period: k, bucket: 0)
            a.withUnsafeMutableBufferPointer { PeriodJob.shuffle($0.baseAddress!, count: 5, random: random) }
            counts[a.reduce(0) { $0 * 5 + Int($1) }, default: 0] += 1
        }
        #expect(counts.count == 120)
        let expected = 60_000.0 / 120
        let chi2 = counts.values.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chi2 < 190, "chi2 \(chi2)")
    }
}
