import Foundation
import Testing
@testable import Provisioning

/// Grid computing (slides 003, "The solution", "The optimal tariffs"): u = sqrt(y), a ~ U[0, 1],
/// C(Q) = Q. The slides print four significant digits, so their values are matched to half a
/// unit in the last digit plus the solver's error (1e-10).
@Suite struct TariffTests {
    @Test func thresholdAndWelfareMatchTheSlides() throws {
        let menu = try TariffProblem.slidesExample().solve()
        let top = menu.menu[menu.menu.count - 1].payment
        #expect(abs(menu.exclusionThreshold - 0.1586) <= 5e-5, "t* = \(menu.exclusionThreshold)")
        #expect(abs(menu.welfarePerAgent - 0.1161) <= 5e-5, "W = \(menu.welfarePerAgent)")
        #expect(abs(menu.centralWelfarePerAgent - 0.125) < 1e-12)
        #expect(abs(menu.capacitySlack) < 1e-10)
        #expect(abs(top - 0.1735) <= 5e-5)
    }

    /// x1(a) = -0.2677 + 0.5942 a - 0.0942 log(a) on [t*, 1]: the rounding of three printed
    /// coefficients (5e-5 each, the log one multiplied by |log a| <= 1.85) allows 2.5e-4.
    @Test func netBenefitMatchesThePrintedFormula() throws {
        let menu = try TariffProblem.slidesExample().solve(menuPoints: 201)
        for o in menu.menu {
            let printed = -0.2677 + 0.5942 * o.usage - 0.0942 * log(o.usage)
            #expect(abs(o.netBenefit - printed) < 2.5e-4, "a = \(o.usage): \(o.netBenefit) vs \(printed)")
        }
    }

    /// y(p) = 0.3531 + 0.3531 e^{-21.23 p} - 0.7062 e^{-10.61 p}, 0 <= p <= 0.1735 (the menu read
    /// as an allocation per payment; linear interpolation on 2001 entries adds < 1e-6).
    @Test func tariffCurveMatchesThePrintedFormula() throws {
        let menu = try TariffProblem.slidesExample().solve(menuPoints: 2001)
        for i in 0...40 {
            let p = 0.1735 * Double(i) / 40
            let printed = 0.3531 + 0.3531 * exp(-21.23 * p) - 0.7062 * exp(-10.61 * p)
            let top = menu.menu[menu.menu.count - 1].payment
            let allocation = menu.allocation(forPayment: min(p, top))
            let y = try #require(allocation)
            #expect(abs(y - printed) < 5e-4, "p = \(p): \(y) vs \(printed)")
        }
    }

    /// The menu is incentive compatible on its own grid (no type gains by taking another
    /// type's option), individually rational, y and p increase in a, and the capacity is paid for.
    @Test(arguments: [("uniform", 0.5), ("uniform", 0.3), ("beta", 0.5)])
    func menuIsIncentiveCompatibleAndFunded(law: String, alpha: Double) throws {
        let usage: TypeDistribution = law == "beta" ? try .beta(2, 3) : try .uniform(low: 0, high: 1)
        let problem = try TariffProblem(utility: .init(coefficient: 1, exponent: alpha), usage: usage)
        let menu = try problem.solve(menuPoints: 81)
        for (i, o) in menu.menu.enumerated() {
            let own = o.usage * problem.u(o.allocation) - o.payment
            #expect(own >= -1e-10)
            for other in menu.menu {
                let deviation = o.usage * problem.u(other.allocation) - other.payment
                #expect(deviation <= own + 1e-9, "\(law) alpha \(alpha): a = \(o.usage) prefers a' = \(other.usage)")
            }
            if i > 0 {
                #expect(o.allocation >= menu.menu[i - 1].allocation && o.payment >= menu.menu[i - 1].payment)
            }
        }
        #expect(menu.welfarePerAgent < menu.centralWelfarePerAgent)
        #expect(abs(menu.capacitySlack) < 1e-9)
    }

    @Test func invalidTariffModelsAreRejected() throws {
        #expect(throws: ProvisioningError.self) {
            try TariffProblem(utility: .init(coefficient: 1, exponent: 1), usage: .uniform(low: 0, high: 1))
        }
        #expect(throws: ProvisioningError.self) {
            try TariffProblem(utility: .init(coefficient: 1, exponent: 0.5), usage: .empirical([0.1, 0.5]))
        }
    }
}
