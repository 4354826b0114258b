import Foundation

/// What document 003 (lecture slides on incentives in peer-to-peer sharing) prints, as it
/// prints it: the numbers, the printed formulas and the claims its section sets beside
/// Surplus's values. Nothing here is computed by Surplus.
///
/// The printed formulas of the grid tariff, x1(a) and y(p), are data too: four-digit
/// coefficients the slides print after solving the problem themselves, kept with the one-line
/// evaluation of the printed form so that the section and the tests read the same curve. The
/// model (`TariffProblem`) never uses them; it derives the exact menu.
package enum Published003 {
    /// A coefficient the slides print as a fraction, e.g. 7/148. Formulas are evaluated as
    /// `numerator x n^k / denominator`, the way the printed fraction reads.
    package struct Fraction: Sendable {
        package let numerator: Double
        package let denominator: Double
        package var value: Double { numerator / denominator }
        /// As printed: `7/148`.
        package var printed: String { "\(Int(numerator))/\(Int(denominator))" }
        /// scale x numerator n^power / denominator, multiplied out left to right as printed.
        package func times(_ n: Double, power: Int = 1, scale: Double = 1) -> Double {
            var scaled = numerator
            for _ in 0..<power { scaled *= n }
            return scale * scaled / denominator
        }
    }

    // MARK: The running example, u(Q) = (2/3) Q^(1/2), c(Q) = Q, theta_i ~ U[0, 1]

    /// First-best welfare n^2/36 + n/108 (slide 'Example'): the coefficients of n^2 and n.
    package static let firstBest = (n2: Fraction(numerator: 1, denominator: 36), n1: Fraction(numerator: 1, denominator: 108))
    package static let firstBestPrinted = "n^2/36 + n/108"
    /// The second best's coefficient of n^2, 3/128 (slides 'Example', 'Numerical Example'), which
    /// is also the posted mechanism's Phi*_n = 3n^2/128.
    package static let secondBestN2 = Fraction(numerator: 3, denominator: 128)
    /// The second best's coefficient of n as slide 'Example' (and 'Equal Contribution') prints it.
    package static let secondBestN1OnExample = Fraction(numerator: 7, denominator: 148)
    /// The same coefficient as slides 'What if exclusions are not allowed?' and 'Numerical Example' print it.
    package static let secondBestN1OnOtherSlides = Fraction(numerator: 7, denominator: 348)
    /// The second best's constant term (slide 'Numerical Example').
    package static let secondBestConstant = Fraction(numerator: -1, denominator: 162)
    /// "The second-best policy (difficult to compute!) achieves about 84%" of the first best (slide 'Example').
    package static let secondBestShareOfFirstBest = 0.84
    package static let secondBestShareOfFirstBestPrinted = "about 84%"
    /// Phi*_n = 3n^2/128 (slides 'Equal Contribution', 'Numerical Example').
    package static let postedWelfare = Fraction(numerator: 3, denominator: 128)
    package static let postedWelfarePrinted = "3n^2/128"
    /// Q* = n^2/64 (slide 'Numerical Example').
    package static let postedSize = Fraction(numerator: 1, denominator: 64)
    package static let postedSizePrinted = "n^2/64"
    /// phi* = n/48 (slide 'Numerical Example').
    package static let postedFee = Fraction(numerator: 1, denominator: 48)
    package static let postedFeePrinted = "n/48"
    /// Phi_n / Phi*_n = 1 + 0.858/n + o(1/n) (slide 'Numerical Example').
    package static let ratioCoefficient = 0.858

    /// Second best without exclusions, n (sqrt(1 + 3n) - 1)/27 (slide 'What if exclusions are not allowed?').
    package static func secondBestWithoutExclusions(_ n: Double) -> Double {
        n * ((1 + 3 * n).squareRoot() - 1) / 27
    }
    package static let secondBestWithoutExclusionsPrinted = "n(sqrt(1+3n) - 1)/27"

    /// Post Q and share the cost equally: 3n^2/128 - n/384 + O(1) (slide 'Simple Equal Contribution Schemes').
    package static let postSizeN1 = Fraction(numerator: -1, denominator: 384)
    /// Post a fee, build what it covers: 3n^2/128 + 7n/1536 + O(1) (same slide).
    package static let postFeeN1 = Fraction(numerator: 7, denominator: 1536)

    /// The Summary's robustness claim (nonrivalrous case).
    package static let iterativeResponseClaim =
        "peers responding iteratively to the size they see converge to the welfare-maximizing equilibrium"

    // MARK: The bridge, n = 2, theta_i ~ U[0, 1], cost 1

    /// "First-best optimum has SW = 1/6" (slide 'Optimal mechanism design for the bridge').
    package static let bridgeFirstBest = Fraction(numerator: 1, denominator: 6)
    /// The second best builds iff theta_1 + theta_2 >= 1.25 (same slide).
    package static let bridgeBuildThreshold = 1.25
    /// "... and obtains SW = 9/64": every second-best fee rule.
    package static let bridgeSecondBest = Fraction(numerator: 9, denominator: 64)
    /// "This produces SW of 1/8" with a fixed fee of 0.50 (slide 'An fixed-fee design').
    package static let bridgeFixedFee = Fraction(numerator: 1, denominator: 8)
    /// The fee rules' properties as the slides state them.
    package static let bridgeClaims = (
        exAnteOnly: "p_1(theta) + p_2(theta) != 1{theta_1 + theta_2 >= 1.25}",
        exPostBalanced: "p_1(theta) + p_2(theta) = 1{theta_1 + theta_2 >= 1.25}",
        better: "p_1 >= 0; p_1 = 0 when not built; theta_1 - p_1 > 0 when built",
        truthful: "fees incentivize users to reveal theta_1, theta_2 truthfully"
    )

    // MARK: Grid computing, u(y) = sqrt(y), usage a ~ U[0, 1], C(Q) = Q

    /// t* = 0.1586 (slide 'The solution').
    package static let tariffThreshold = 0.1586
    /// "The social welfare is 0.1161 per agent" (slide 'The solution').
    package static let tariffWelfarePerAgent = 0.1161
    /// "... the 0.125 that could be obtained by a central planner".
    package static let tariffCentralWelfarePerAgent = 0.125
    /// The largest payment: y(p) is printed for 0 <= p <= 0.1735 (slide 'The optimal tariffs').
    package static let tariffTopPayment = 0.1735
    /// "Most agents receive more than for what they pay. But some agents, with small values of
    /// alpha receive less than they contribute" (slide 'The optimal tariffs').
    package static let tariffSplitClaim = "most agents receive more than for what they pay; some with small alpha receive less"

    /// x1(a) = constant + linear a + logarithmic log(a) for a >= t*, else 0 (slide 'The solution').
    package struct NetBenefit: Sendable {
        package let threshold: Double
        package let constant: Double
        package let linear: Double
        package let logarithmic: Double
        package func callAsFunction(_ a: Double) -> Double {
            a < threshold ? 0 : constant + linear * a + logarithmic * log(a)
        }
    }
    package static let tariffNetBenefit = NetBenefit(threshold: 0.1586, constant: -0.2677, linear: 0.5942, logarithmic: -0.0942)

    /// y(p) = level + fastWeight e^(-fastRate p) - slowWeight e^(-slowRate p) (slide 'The optimal tariffs').
    package struct Allocation: Sendable {
        package let level: Double
        package let fastWeight: Double
        package let fastRate: Double
        package let slowWeight: Double
        package let slowRate: Double
        package func callAsFunction(_ p: Double) -> Double {
            level + fastWeight * exp(-fastRate * p) - slowWeight * exp(-slowRate * p)
        }
    }
    package static let tariffAllocation = Allocation(level: 0.3531, fastWeight: 0.3531, fastRate: 21.23, slowWeight: 0.7062, slowRate: 10.61)
}
