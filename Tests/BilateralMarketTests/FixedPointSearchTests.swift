import Foundation
import SurplusTestSupport
import SurplusCore
import Testing
// The search is an internal generic algorithm tested on closed-form maps: @testable rather than
// widening its whole surface to package access.
@testable import BilateralMarket

/// `FixedPointSearch` on maps gamma given in closed form, where every fixed point is known.
@Suite struct FixedPointSearchTests {
    struct Sample: GammaEvaluation {
        let zeroBidProbability: Double
        let gamma: Double
    }

    static func search(_ gamma: @escaping @Sendable (Double) -> Double, scanPoints: Int = 21) throws -> FixedPointSearch<Sample>.Outcome {
        let search = FixedPointSearch<Sample>(
            settings: SolverSettings(), evaluate: { z, _ in Sample(zeroBidProbability: z, gamma: gamma(z)) }, threads: 2)
        let scan = (0..<scanPoints).map { Double($0) / Double(scanPoints - 1) }.map { Sample(zeroBidProbability: $0, gamma: gamma($0)) }
        return try search.run(scan: scan)
    }

    /// Two crossings inside one scan interval ([0.50, 0.55]): no sign change at the scan
    /// points, both found; slopes 1 + g'(z) judge them (0.51 stable, 0.1 and 0.53 not).
    @Test func crossingsCloserThanTheScan() throws {
        let outcome = try Self.search { z in z + (z - 0.1) * (z - 0.51) * (z - 0.53) }
        let points = outcome.found.map(\.point)
        #expect(points.count == 3)
        guard points.count == 3 else { return }
        for (p, root) in zip(points, [0.1, 0.51, 0.53]) {
            #expect(isApproximatelyEqual(p.zeroBidProbability, root, absolute: 1e-6))
            #expect(p.kind == .fixedPoint)
        }
        #expect(points.map(\.stable) == [false, true, false])
        #expect(isApproximatelyEqual(points[1].leftSlope ?? 0, 1 + 0.41 * -0.02, absolute: 1e-4))
    }

    /// gamma touching the diagonal without crossing it (a double root): found as a
    /// fixed point, and not stable (slope 1).
    @Test func touchingPoint() throws {
        let outcome = try Self.search { z in z + (z - 0.4123) * (z - 0.4123) }
        let points = outcome.found.map(\.point)
        #expect(points.count == 1)
        #expect(isApproximatelyEqual(points.first?.zeroBidProbability ?? 0, 0.4123, absolute: 1e-2))
        #expect(points.first?.stable == false)
    }

    /// A downward jump across the diagonal: a stable discontinuity, no slopes.
    @Test func jumpAcrossTheDiagonal() throws {
        let outcome = try Self.search { z in z < 0.3 ? 0.6 : 0.1 }
        let points = outcome.found.map(\.point)
        #expect(points.count == 1)
        #expect(points.first?.kind == .discontinuity)
        #expect(points.first?.stable == true)
        #expect(points.first?.leftSlope == nil && points.first?.rightSlope == nil)
        #expect(isApproximatelyEqual(points.first?.zeroBidProbability ?? 0, 0.3, absolute: 1e-6))
        #expect(!outcome.monotone)
    }

    /// Fixed points at both ends: z = 0 has only a right slope, z = 1 only a left one,
    /// and the crossing between them is found although the scan has only its two ends.
    @Test func fixedPointsAtTheEnds() throws {
        // gamma(z) = z + z (1 - z) (z - 0.7): gamma(0) = 0, gamma(1) = 1, crossing at 0.7.
        let outcome = try Self.search({ z in z + z * (1 - z) * (z - 0.7) }, scanPoints: 2)
        let points = outcome.found.map(\.point)
        #expect(points.count == 3)
        guard points.count == 3 else { return }
        #expect(points[0].zeroBidProbability == 0 && points[0].leftSlope == nil && points[0].rightSlope != nil)
        #expect(isApproximatelyEqual(points[1].zeroBidProbability, 0.7, absolute: 1e-6))
        #expect(points[2].zeroBidProbability == 1 && points[2].rightSlope == nil && points[2].leftSlope != nil)
        // Slopes 1 + g'(z): 0.3 at 0, 1.21 at 0.7, 0.7 at 1.
        #expect(points.map(\.stable) == [true, false, true])
        #expect(isApproximatelyEqual(points[2].leftSlope ?? 0, 0.7, absolute: 1e-3))
    }
}
