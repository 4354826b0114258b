import DesignOptimization
import Experiments
import Foundation
import Provisioning
import SurplusCore
import SurplusTestSupport
import Testing

/// Slides 003, Theorem 1 and the slides' example (u(Q) = (2/3) sqrt Q, c = Q, theta ~ U[0, 1]):
/// the welfare against the posted fee peaks at phi* = n/48 with Phi*_n = 3 n^2/128.
@Suite struct FeeDesignTests {
    static let tolerance = 1e-3

    @Test(arguments: [48, 480]) func optimalFeeIsTheSlidesPhiStar(players: Int) throws {
        let n = Double(players)
        let result = try FeeDesign.optimize(
            PoolModel.slidesExample(players: players), gridPoints: 26, tolerance: Self.tolerance, options: .serial)
        #expect(result.parameter == "fee" && result.objective == "welfare")
        #expect(result.kind == .interior, "\(result.kind)")
        #expect(abs(result.optimum - n / 48) <= Self.tolerance, "phi = \(result.optimum), n/48 = \(n / 48)")
        #expect(result.bracket[0] <= n / 48 && n / 48 <= result.bracket[1], "\(result.bracket)")
        // Welfare is flat at its peak: a fee within 1e-3 of phi* loses O(1e-6 / phi*^2) of Phi*.
        #expect(isApproximatelyEqual(result.value, 3 * n * n / 128, relative: 1e-6), "\(result.value)")
        let reference = try #require(result.reference)
        #expect(reference.agrees)
        // solve finds theta* to about 1e-8.
        #expect(isApproximatelyEqual(reference.optimum, n / 48, relative: 1e-7))
        // The fee t u(q(t)) = n t (1 - t^2)/9 on the unconstrained branch rises to 2n/(27 sqrt 3)
        // at t = 1/sqrt 3 and falls back: the search covers every fee some threshold posts.
        #expect(isApproximatelyEqual(result.domain[1], 2 * n / (27 * 3.0.squareRoot()), relative: 1e-5), "\(result.domain)")
    }

    /// The inner problem at theta* = 1/4: the budget binds, Q = (2 n t (1 - t)/3)^2 = n^2/64.
    @Test func innerProblemAtTheSlidesThreshold() throws {
        let n = 48.0
        let outcome = PostedMechanism.outcome(at: 0.25, try PoolModel.slidesExample(players: 48))
        #expect(outcome.budgetBinds)
        #expect(isApproximatelyEqual(outcome.size, n * n / 64, relative: 1e-12))
        #expect(isApproximatelyEqual(outcome.fee, n / 48, relative: 1e-12))
        #expect(isApproximatelyEqual(outcome.welfare, 3 * n * n / 128, relative: 1e-12))
        // Above t = 1/3 the welfare-maximizing size (a/3)^2, a = n (1 - t^2)/2, is funded.
        let slack = PostedMechanism.outcome(at: 0.5, try PoolModel.slidesExample(players: 48))
        #expect(!slack.budgetBinds)
        #expect(isApproximatelyEqual(slack.size, pow(n * 0.75 / 6, 2), relative: 1e-12))
    }

    /// The posted fee against n: phi*_n = n/48 at every n of the slides' example.
    @Test func feeAgainstPlayersIsLinearInTheSlidesExample() throws {
        let curve = try FeeDesign.feeAgainstPlayers(
            PoolModel.slidesExample(players: 100), players: 48...480, points: 4, options: .serial)
        #expect(curve.curve.map(\.x) == [48, 192, 336, 480])
        for point in curve.curve {
            #expect(isApproximatelyEqual(point.y, point.x / 48, relative: 1e-7), "n = \(point.x): phi* = \(point.y)")
        }
        #expect(throws: InputError.self) {
            try FeeDesign.feeAgainstPlayers(PoolModel.slidesExample(players: 100), players: 0...5, points: 3, options: .serial)
        }
    }
}
