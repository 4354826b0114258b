import Foundation
import Provisioning
import Reports
import TextFormatting

extension ProvisioningReproduction {
    /// How far the printed y(p) can be from the exact one through rounding alone: half a unit of
    /// the last printed digit of each of its five coefficients (four decimals for the weights, two
    /// for the rates), propagated to first order.
    static func allocationRounding(_ p: Double) -> Double {
        let y = Published003.tariffAllocation
        let fast = exp(-y.fastRate * p), slow = exp(-y.slowRate * p)
        return 0.00005 * (1 + fast + slow) + 0.005 * p * (y.fastWeight * fast + y.slowWeight * slow)
    }

    /// Grid computing ("A special case" to "The optimal tariffs"): u(y) = sqrt(y), usage a ~ U[0, 1],
    /// C(Q) = Q, solved by `TariffProblem`; the printed four-digit numbers are compared to half a unit of
    /// their last digit.
    static func tariffComparisons(_ settings: Settings) throws -> (comparisons: [Comparison], figures: [Figure]) {
        let problem = try TariffProblem.slidesExample()
        let menu = try problem.solve(menuPoints: settings.menuPoints)
        let solution = "slide 'The solution'"
        let rounding = "printed to four decimals"
        var rows: [Comparison] = [
            .number(
                "grid: exclusion threshold t*", location: solution, published: Published003.tariffThreshold,
                surplus: menu.exclusionThreshold,
                tolerance: 0.00005, format: .plain(4), why: rounding,
                whyDiffers: "the root of R(a) = 1 - (mu - 1)(1 - a)/(mu a) at the capacity-balancing mu is elsewhere"),
            .number(
                "grid: welfare per agent", location: solution, published: Published003.tariffWelfarePerAgent,
                surplus: menu.welfarePerAgent,
                tolerance: 0.00005, format: .plain(4), why: rounding,
                whyDiffers: "the optimal menu gives another welfare"),
            .number(
                "grid: central planner's welfare per agent", location: solution,
                published: Published003.tariffCentralWelfarePerAgent,
                surplus: menu.centralWelfarePerAgent, tolerance: 0.0005, format: .plain(3),
                why: "printed to three decimals (exact: E[a]/4 = 1/8)", whyDiffers: "the planner's welfare differs"),
        ]
        // x1(a) = c0 + c1 a + c2 log(a) on [t*, 1]: coefficients through three menu entries; the
        // fitted form is then checked against every entry.
        let options = menu.menu
        let picks = [options.count / 4, options.count / 2, options.count - 1].map { options[$0] }
        let c = coefficients(
            through: picks.map { (x: $0.usage, y: $0.netBenefit) }, basis: [{ _ in 1 }, { $0 }, { log($0) }])
        let misfit = options.map { abs(c[0] + c[1] * $0.usage + c[2] * log($0.usage) - $0.netBenefit) }.max() ?? .nan
        let fitWhy = "\(rounding); read off the menu's x1(a) at a = \(picks.map { Format.fixed($0.usage, 3) }.joined(separator: ", ")), and the form fits all \(options.count) entries to \(String(format: "%.0e", misfit))"
        let x1 = Published003.tariffNetBenefit
        for (index, name, printed) in [(0, "constant", x1.constant), (1, "coefficient of a", x1.linear), (2, "coefficient of log(a)", x1.logarithmic)] {
            rows.append(
                .number(
                    "grid: net benefit x1(a), \(name)", location: solution, published: printed, surplus: c[index],
                    tolerance: 0.00005, format: .plain(4), why: fitWhy,
                    whyDiffers: "the menu's net benefit has another \(name)"))
        }
        let tariffs = "slide 'The optimal tariffs'"
        rows.append(
            .number(
                "grid: largest payment p(1)", location: tariffs, published: Published003.tariffTopPayment,
                printed: "\(Published003.tariffTopPayment) (range of y(p))",
                surplus: options.last?.payment ?? .nan, tolerance: 0.00005, format: .plain(4), why: rounding,
                whyDiffers: "the top type pays another amount"))
        for p in [0.02, 0.05, 0.1, 0.15] {
            let published = Published003.tariffAllocation(p)
            rows.append(
                .number(
                    "grid: allocation y(p) at p = \(Format.fixed(p, 2))", location: tariffs, published: published,
                    surplus: menu.allocation(forPayment: p) ?? .nan, tolerance: allocationRounding(p), format: .plain(4),
                    why: "the printed coefficients' rounding propagated to y(p); the menu's linear interpolation adds below 1e-5",
                    whyDiffers: "the optimal tariff's y(p) departs from the printed formula by more than its rounding"))
        }
        // "Most agents receive more than for what they pay. But some agents, with small values of alpha
        // receive less than they contribute": the menu is equally spaced in usage over [t*, 1].
        let t = menu.exclusionThreshold
        let gaining = Double(options.filter { $0.allocation > $0.payment }.count) / Double(options.count) * (1 - t)
        let losing = options.filter { $0.usage > t && $0.allocation < $0.payment }.map(\.usage)
        rows.append(
            .claim(
                "grid: most agents receive more than they pay, some small-usage agents less", location: tariffs,
                published: Published003.tariffSplitClaim,
                observed: "y(a) > p(a) for \(Format.percent(gaining, 1)) of agents; y(a) < p(a) for \(Format.fixed(t, 4)) < a < \(Format.fixed(losing.max() ?? t, 4))",
                holds: gaining > 0.5 && !losing.isEmpty,
                why: "share of usage levels (uniform) on the menu where the allocation exceeds the payment",
                whyDiffers: "the menu does not split agents this way"))
        return (rows, tariffFigures(problem, menu))
    }

    /// The slides' tariff figures: p(a) and y(a) (red), x1(a) (blue) and the stand-alone a^2/4 (green)
    /// against usage, and the tariff y(p) against payment.
    static func tariffFigures(_ problem: TariffProblem, _ menu: TariffMenu) -> [Figure] {
        // 390 menu entries leave room for the excluded range's points within a figure's 400.
        let options = thinned(menu.menu, limit: 390)
        let t = menu.exclusionThreshold
        // Excluded usage levels (below t*) pay and receive nothing.
        let usage = [0] + options.map(\.usage)
        let grid = (0...200).map { Double($0) / 200 }
        let tariff = Figure(
            id: "003-grid-tariff",
            caption: """
                The optimal tariff menu of the grid-computing example (u = sqrt(y), usage a ~ U[0, 1], C(Q) = Q): \
                payment p(a) and allocation y(a) against usage, the red lines of the slides' figure 'The optimal \
                tariffs'. Agents below t* = \(Format.fixed(t, 4)) are excluded; look where the lines cross: below the \
                crossing agents pay more than they receive.
                """,
            chart: Chart(
                title: "Optimal tariff menu",
                x: Axis("usage frequency a", lowerBound: 0, upperBound: 1),
                y: Axis("payment or allocation", unit: "capacity units"),
                series: [
                    Series("payment p(a)", x: usage, y: [0] + options.map(\.payment)),
                    Series("allocation y(a)", x: usage, y: [0] + options.map(\.allocation)),
                ]))
        let netBenefit = Figure(
            id: "003-net-benefit",
            caption: """
                Net benefit of an agent of usage a under the optimal tariff, x1(a), computed (blue in the slides) \
                and as printed on the slide 'The solution', with the stand-alone benefit a^2/4 (green) that an agent \
                would get by building alone; the slides' figure 'The optimal tariffs'. Look at small usage, where the \
                tariff's net benefit falls below the stand-alone one.
                """,
            chart: Chart(
                title: "Net benefit under the optimal tariff",
                x: Axis("usage frequency a", lowerBound: 0, upperBound: 1),
                y: Axis("net benefit", unit: "capacity units"),
                series: [
                    Series("x1(a), Surplus", x: [0, t] + options.map(\.usage), y: [0, 0] + options.map(\.netBenefit)),
                    Series("x1(a), printed", x: grid, y: grid.map(Published003.tariffNetBenefit.callAsFunction)),
                    Series("stand-alone a^2/4", x: grid, y: grid.map(problem.standAloneBenefit)),
                ]))
        let payments = options.map(\.payment)
        let price = Figure(
            id: "003-tariff-price",
            caption: """
                The tariff as an offer of allocation y(p) for payment p (slide 'The optimal tariffs'): Surplus's \
                menu against the printed y(p) = 0.3531 + 0.3531 e^(-21.23 p) - 0.7062 e^(-10.61 p), 0 <= p <= 0.1735. \
                Compare the two curves.
                """,
            chart: Chart(
                title: "Allocation offered for a payment",
                x: Axis("payment p", unit: "capacity units"),
                y: Axis("allocation y(p)", unit: "capacity units", lowerBound: 0),
                series: [
                    Series("y(p), Surplus", x: payments, y: options.map(\.allocation)),
                    Series("y(p), printed", x: payments, y: payments.map(Published003.tariffAllocation.callAsFunction)),
                ]))
        return [tariff, netBenefit, price]
    }
}
