import Foundation
import Provisioning
import Reports
import SurplusCore
import TextFormatting

extension ProvisioningReproduction {
    /// The Summary's robustness claim: "when users respond iteratively to the size of system they see
    /// produced then the system converges to an equilibrium where social welfare is maximized".
    /// `IterativeResponse` posts phi* and lets one drawn population respond from several initial pools.
    ///
    /// A run reaches the optimum when it converges to a pool within 3 standard deviations of Q*: in a
    /// finite population the number N who join is Bin(n, 3/4) around its mean, and Q = (N phi*)^2 moves
    /// with it, amplified by 1/(1 - 1/6) at the fixed point (the mean-field map has slope 1/6 there),
    /// so the pool's relative s.d. is 2.4 sqrt(3/16)/(3/4)/sqrt(n) = 1.39/sqrt(n).
    static func iterativeResponse(_ settings: Settings, _ options: RunOptions) throws -> (comparisons: [Comparison], figure: Figure) {
        let n = settings.iterativePlayers
        let model = try example(n)
        let posted = try PostedMechanism.solve(model)
        let tolerance = 3 * 1.39 / Double(n).squareRoot()
        func run(_ start: Double) throws -> IterativeResponseResult {
            try IterativeResponse.simulate(model, fee: posted.fee, initialSize: start * posted.size, run: options)
        }
        func reachesOptimum(_ result: IterativeResponseResult) -> Bool {
            result.converged && abs(result.finalSize / posted.size - 1) <= tolerance
        }
        let starts = [0.03, 0.1, 0.5, 2, 4]
        let runs = try starts.map(run)
        // The smallest start that still reaches Q*: bisection between a failing and a succeeding start.
        func smallestStart() throws -> Double? {
            var low = 0.01, high = 0.5
            guard try !reachesOptimum(run(low)) && reachesOptimum(run(high)) else { return nil }
            for _ in 0..<30 {
                let middle = (low + high) / 2
                if try reachesOptimum(run(middle)) { high = middle } else { low = middle }
            }
            return high
        }
        let threshold = try smallestStart()
        let thresholdText = threshold.map { "about \(Format.fixed($0, 3)) Q*" } ?? "not bracketed in [0.01, 0.5] Q*"
        func describe(_ start: Double, _ result: IterativeResponseResult) -> String {
            let steps = result.rounds.count - 1
            let state = result.converged ? "after \(steps) round\(steps == 1 ? "" : "s")" : "not converged in \(steps) rounds"
            return "Q0 = \(Format.fixed(start, 2)) Q*: Q = \(Format.fixed(result.finalSize / posted.size, 4)) Q* \(state), welfare \(Format.percent(Efficiency.ratio(result.finalWelfare, of: posted.welfare), 1)) of Phi*_n"
        }
        let near = zip(starts, runs).filter { $0.0 >= 0.5 }
        let published = Published003.iterativeResponseClaim
        let location = "slide 'Summary' (nonrivalrous case)"
        let setting = "n = \(n) peers drawn with seed \(options.seed), fee phi* posted, the pool is what the fees buy"
        let comparisons: [Comparison] = [
            .claim(
                "iterative response: from pools near the optimum", location: location, published: published,
                observed: near.map { describe($0.0, $0.1) }.joined(separator: "; "),
                holds: near.allSatisfy { reachesOptimum($0.1) },
                why: "\(setting); reaching Q* means converging within 3 s.d. of the finite-population spread (\(Format.percent(tolerance, 1)))",
                whyDiffers: "the dynamics do not settle at Q* from nearby pools (\(setting))"),
            .claim(
                "iterative response: from any initial pool", location: location, published: published,
                observed: zip(starts, runs).map { describe($0.0, $0.1) }.joined(separator: "; ")
                    + "; the smallest start reaching Q* is \(thresholdText)",
                holds: runs.allSatisfy(reachesOptimum),
                why: "\(setting); every start reaches Q*",
                whyDiffers: "the dynamics reach Q* only from large enough pools (the smallest start that does is \(thresholdText), an unstable fixed point); from smaller pools too few peers find the pool worth the fee and it collapses to 0, itself an equilibrium. The claim holds locally"),
        ]
        let figure = Figure(
            id: "003-iterative-response",
            caption: """
                Peers responding iteratively to the pool they see (\(setting)): the pool size relative to Q* round by \
                round from several initial pools; the smallest start that settles at Q* is \(thresholdText). Look at \
                which starts settle at Q* (the Summary's claim) and which collapse. The slides state the claim without a figure.
                """,
            chart: Chart(
                title: "Iterative response to the posted fee",
                x: Axis("round", discrete: true),
                y: Axis("pool size / Q*"),
                series: zip(starts, runs).map { start, result in
                    Series(
                        "Q0 = \(Format.fixed(start, 2)) Q*", x: result.rounds.map { Double($0.round) },
                        y: result.rounds.map { $0.size / posted.size })
                }))
        return (comparisons, figure)
    }
}
