import Foundation
import Provisioning
import Reproduction
import SurplusCore
import SurplusTestSupport
import Testing

/// Grid computing (slides 003, "The solution", "The optimal tariffs"): u = sqrt(y), a ~ U[0, 1],
/// C(Q) = Q. The slides print four significant digits, so their values are matched to half a
/// unit in the last digit (5e-5 absolute) unless said otherwise.
@Suite struct TariffTests {
    @Test func thresholdAndWelfareMatchTheSlides() throws {
        let menu = try TariffProblem.slidesExample().solve(menuPoints: 101)
        let top = menu.menu[menu.menu.count - 1].payment
        #expect(isApproximatelyEqual(menu.exclusionThreshold, Published003.tariffThreshold, absolute: 5e-5), "t* = \(menu.exclusionThreshold)")
        #expect(isApproximatelyEqual(menu.welfarePerAgent, Published003.tariffWelfarePerAgent, absolute: 5e-5), "W = \(menu.welfarePerAgent)")
        // The planner's E[a]/4 = 1/8 is exact by quadrature (1e-12).
        #expect(isApproximatelyEqual(menu.centralWelfarePerAgent, Published003.tariffCentralWelfarePerAgent, absolute: 1e-12))
        // The capacity constraint binds to the bisection's 1e-15 on nu (1e-10 on the slack).
        #expect(isApproximatelyEqual(menu.capacitySlack, 0, absolute: 1e-10))
        #expect(isApproximatelyEqual(top, Published003.tariffTopPayment, absolute: 5e-5))
    }

    /// x1(a) = -0.2677 + 0.5942 a - 0.0942 log(a) on [t*, 1]: the rounding of three printed
    /// coefficients (5e-5 each, the log one multiplied by |log a| <= 1.85) allows 2.5e-4.
    @Test func netBenefitMatchesThePrintedFormula() throws {
        let menu = try TariffProblem.slidesExample().solve(menuPoints: 201)
        let printed = Published003.tariffNetBenefit
        for o in menu.menu {
            #expect(isApproximatelyEqual(o.netBenefit, printed(o.usage), absolute: 2.5e-4), "a = \(o.usage): \(o.netBenefit) vs \(printed(o.usage))")
        }
    }

    /// y(p) = 0.3531 + 0.3531 e^{-21.23 p} - 0.7062 e^{-10.61 p}, 0 <= p <= 0.1735 (the menu read
    /// as an allocation per payment; linear interpolation on 2001 entries adds < 1e-6; the printed
    /// coefficients' rounding allows 5e-4).
    @Test func tariffCurveMatchesThePrintedFormula() throws {
        let menu = try TariffProblem.slidesExample().solve(menuPoints: 2001)
        let top = menu.menu[menu.menu.count - 1].payment
        for i in 0...40 {
            let p = Published003.tariffTopPayment * Double(i) / 40
            let printed = Published003.tariffAllocation(p)
            let y = try #require(menu.allocation(forPayment: min(p, top)))
            #expect(isApproximatelyEqual(y, printed, absolute: 5e-4), "p = \(p): \(y) vs \(printed)")
        }
    }

    /// The menu is incentive compatible on its own grid (no type gains by taking another
    /// type's option), individually rational, y and p increase in a, and the capacity is paid for.
    /// Slack 1e-10 for IR and 1e-9 for IC: the menu's x1 is a cumulative quadrature.
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
        #expect(isApproximatelyEqual(menu.capacitySlack, 0, absolute: 1e-9))
    }

    @Test func invalidTariffModelsAreRejected() throws {
        #expect(throws: InputError(field: "utility.alpha", value: 1.0, expected: "0 < alpha < 1 (u strictly concave; with alpha >= 1 the menu is bang-bang or unbounded)")) {
            try TariffProblem(utility: .init(coefficient: 1, exponent: 1), usage: .uniform(low: 0, high: 1))
        }
        #expect(throws: ProvisioningError.self) {
            try TariffProblem(utility: .init(coefficient: 1, exponent: 0.5), usage: .empirical([0.1, 0.5]))
        }
        #expect(throws: InputError.self) { try TariffProblem.slidesExample().solve(menuPoints: 1) }
    }

    /// The scenario is the same JSON a file or a request carries, and decodes to the slides' problem.
    @Test func scenarioRoundTripsThroughJSON() throws {
        let slides = try TariffScenario.slidesExample()
        let data = try StrictJSON.encoder().encode(slides)
        #expect(try StrictJSON.decode(TariffScenario.self, from: data) == slides)
        let text = #"{"utility":{"coefficient":1,"exponent":0.5},"usage":{"kind":"uniform","low":0,"high":1},"unitCost":1,"extra":1}"#
        #expect(throws: StrictJSON.DecodingFailure.self) { try StrictJSON.decode(TariffScenario.self, from: Data(text.utf8)) }
    }
}
