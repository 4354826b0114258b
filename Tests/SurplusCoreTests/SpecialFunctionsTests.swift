import Foundation
import Testing
import SurplusCore
import SurplusTestSupport

@Suite struct SpecialFunctionsTests {
    @Test func logGammaAndIncompleteBeta() {
        #expect(isApproximatelyEqual(SpecialFunctions.logGamma(5), log(24), absolute: 1e-12))
        #expect(isApproximatelyEqual(SpecialFunctions.logGamma(0.5), 0.5 * log(Double.pi), absolute: 1e-12))
        // Beta(2, 2): F(x) = 3x^2 - 2x^3.
        for x in [0.1, 0.37, 0.5, 0.9] {
            #expect(isApproximatelyEqual(SpecialFunctions.betaCDF(x, 2, 2), (3 * x * x - 2 * x * x * x), absolute: 1e-12))
        }
    }

    @Test func quadratureIsExactForPolynomialsAndFindsTheMaximum() {
        #expect(isApproximatelyEqual(Quadrature.integrate(0, 1) { $0 * $0 }, 1.0 / 3, absolute: 1e-14))
        #expect(isApproximatelyEqual(Quadrature.integrate(0, 2, breakpoints: [1]) { abs($0 - 1) }, 1, absolute: 1e-14))
        let best = Quadrature.maximize(0, 1) { -($0 - 0.3) * ($0 - 0.3) }
        #expect(isApproximatelyEqual(best.x, 0.3, absolute: 1e-6))
    }

    /// Moments of 200,000 draws: standard errors about 0.0022 (normal mean), 0.0032
    /// (normal variance), 0.0005 (Beta(2, 3) mean, sd 0.2); 5 of them allowed.
    @Test func samplersHaveTheirMoments() {
        var rng = RandomStream(seed: 11)
        let n = 200_000
        let normals = (0..<n).map { _ in SpecialFunctions.normal(using: &rng) }
        #expect(isApproximatelyEqual(Statistics.mean(normals), 0, absolute: 0.011))
        #expect(isApproximatelyEqual(Statistics.variance(normals), 1, absolute: 0.016))
        let betas = (0..<n).map { _ in SpecialFunctions.beta(2, 3, using: &rng) }
        #expect(isApproximatelyEqual(Statistics.mean(betas), 0.4, absolute: 0.0025))
        let gammas = (0..<n).map { _ in SpecialFunctions.gamma(shape: 2.5, using: &rng) }
        #expect(isApproximatelyEqual(Statistics.mean(gammas), 2.5, absolute: 5 * (2.5 / Double(n)).squareRoot()))
    }
}
