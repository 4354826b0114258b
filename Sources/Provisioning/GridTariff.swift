import Foundation
import SurplusCore

/// Grid computing, the rivalrous excludable case of slides 003 ("A special case",
/// "A calculus of variations problem", "The optimal control problem", "The solution").
///
/// theta_i = 1; usage frequencies a ~ F on [low, high]; an agent of usage a on tariff
/// (p, y) gains a u(y) - p; capacity costs `unitCost` per unit, and a large system needs
/// integral a y(a) dF <= integral p(a) dF / unitCost. The designer offers a menu
/// {p(a), y(a)} that is incentive compatible (a u'(y) y' = p') and maximizes the agents'
/// total net benefit integral x1(a) dF, x1(a) = a u(y(a)) - p(a).
///
/// Solution (Pontryagin / pointwise Lagrangian with multiplier mu > 1 on the capacity
/// constraint): with x2 = x1' = u(y) and h = u^{-1}, each a with
/// R(a) = 1 - (mu - 1)(1 - F(a)) / (mu a f(a)) > 0 gets x2(a) solving unitCost h'(x2) = R(a);
/// the others are excluded (x2 = 0). The exclusion threshold t* is the root of R; mu makes
/// the capacity constraint bind. For u = sqrt(y), U[0, 1] this gives
/// x2(a) = 1/2 + k - k/a with k = (mu - 1)/(2 mu), t* = k/(1/2 + k), p = k log(a/t*) and
/// y(p) = (1/2 + k)^2 (1 - e^{-p/k})^2: the slides' 0.3531 (1 + e^{-21.23 p} - 2 e^{-10.61 p}).
public struct TariffProblem: Sendable {
    /// u(y) = A y^alpha with 0 < alpha < 1 (strictly concave; alpha = 1 has no interior menu).
    public let utility: Utility.PowerLaw
    /// The law of the usage frequency a (uniform or beta).
    public let usage: TypeDistribution
    /// Cost of one unit of capacity (the slides' C(Q) = Q: 1).
    public let unitCost: Double

    public init(utility: Utility.PowerLaw, usage: TypeDistribution, unitCost: Double = 1) throws {
        guard utility.coefficient.isFinite, utility.coefficient > 0 else {
            throw InputError(field: "utility.A", value: utility.coefficient, expected: "A > 0")
        }
        guard utility.exponent > 0, utility.exponent < 1 else {
            throw InputError(
                field: "utility.alpha", value: utility.exponent,
                expected: "0 < alpha < 1 (u strictly concave; with alpha >= 1 the menu is bang-bang or unbounded)")
        }
        guard usage.hasDensity else {
            throw ProvisioningError.unsupported(field: "usage", reason: "the tariff needs a usage density (uniform or beta)")
        }
        guard usage.low >= 0 else {
            throw InputError(field: "usage.low", value: usage.low, expected: "a usage frequency >= 0")
        }
        guard unitCost.isFinite, unitCost > 0 else {
            throw InputError(field: "unitCost", value: unitCost, expected: "a unit cost > 0")
        }
        self.utility = utility
        self.usage = usage
        self.unitCost = unitCost
    }

    /// The slides' special case: u = sqrt(y), a ~ U[0, 1], C(Q) = Q.
    public static func slidesExample() throws -> TariffProblem { try TariffScenario.slidesExample().problem() }

    /// Menu entries by default: t* and every tenth of the way from it to the top usage.
    public static let defaultMenuPoints = 11
    /// The most menu entries `solve` tabulates.
    public static let maximumMenuPoints = 1_000_000

    /// u(y) = A y^alpha.
    package func u(_ y: Double) -> Double { y > 0 ? utility.coefficient * pow(y, utility.exponent) : 0 }
    /// h = u^{-1}.
    func h(_ x: Double) -> Double { x > 0 ? pow(x / utility.coefficient, 1 / utility.exponent) : 0 }

    /// R(a) for nu = (mu - 1)/mu in [0, 1).
    func r(_ a: Double, _ nu: Double) -> Double {
        guard a > 0 else { return -.infinity }
        let survival = usage.survival(a)
        if survival <= 0 { return 1 }  // the top type: no distortion at the top
        guard let f = usage.density(a), f > 0 else { return -.infinity }
        return 1 - nu * survival / (a * f)
    }

    /// x2(a) = u(y(a)): solves unitCost h'(x2) = R, i.e. x2 = A (alpha A R / unitCost)^(alpha/(1-alpha)).
    func x2(_ a: Double, _ nu: Double) -> Double {
        let rr = r(a, nu)
        guard rr > 0 else { return 0 }
        let al = utility.exponent, aa = utility.coefficient
        return aa * pow(al * aa * rr / unitCost, al / (1 - al))
    }

    /// The exclusion threshold t* for nu: the root of R (the support's low end if R > 0 there).
    func threshold(_ nu: Double) -> Double {
        let lo = usage.low + 1e-14 * max(1, usage.high), hi = usage.high - 1e-14 * max(1, usage.high)
        if r(lo, nu) > 0 { return usage.low }
        if r(hi, nu) <= 0 { return usage.high }
        return (try? RootFinding.bisect(in: lo...hi, tolerance: 1e-15, maxEvaluations: 300) { r($0, nu) }.x) ?? hi
    }

    func integrate(from t: Double, _ g: (Double) -> Double) -> Double {
        Quadrature.integrate(t, usage.high, pieces: 48) { a in
            guard let f = usage.density(a), f.isFinite else { return 0 }
            return g(a) * f
        }
    }

    /// Capacity slack: integral [a (unitCost h(x2) - x2)] dF + integral x1 dF, where
    /// integral x1 dF = integral x2(s) (1 - F(s)) ds. Must be <= 0.
    func capacity(_ nu: Double) -> Double {
        let t = threshold(nu)
        let cost = integrate(from: t) { a in let x = x2(a, nu); return a * (unitCost * h(x) - x) }
        let rents = Quadrature.integrate(t, usage.high, pieces: 48) { s in x2(s, nu) * usage.survival(s) }
        return cost + rents
    }

    /// Solves for mu (bisection on nu = (mu - 1)/mu to 1e-14) and tabulates the menu at
    /// `menuPoints` usage levels from t* to the top of the support.
    /// - Throws: `InputError` unless 2 <= `menuPoints` <= ``maximumMenuPoints``.
    public func solve(menuPoints: Int = defaultMenuPoints) throws -> TariffMenu {
        try Validate.count(menuPoints, 2...Self.maximumMenuPoints, "menuPoints")
        let nu: Double
        if capacity(0) <= 0 {
            nu = 0
        } else {
            let top = 1 - 1e-12
            guard capacity(top) < 0 else {
                throw ProvisioningError.noSolution(what: "the tariff multiplier mu", reason: "no menu pays for its capacity")
            }
            nu = try RootFinding.bisect(in: 0...top, tolerance: 1e-15, maxEvaluations: 300) { capacity($0) }.x
        }
        let t = threshold(nu)
        let welfare = integrate(from: t) { a in let x = x2(a, nu); return a * (x - unitCost * h(x)) }
        // Central planner: u'(y) = unitCost for every agent.
        let yPlanner = pow(utility.exponent * utility.coefficient / unitCost, 1 / (1 - utility.exponent))
        let central = integrate(from: usage.low) { a in a * (u(yPlanner) - unitCost * yPlanner) }
        // Menu: x1 by cumulative quadrature of x2 between consecutive points.
        var options: [TariffOption] = []
        var x1 = 0.0
        var previous = t
        for i in 0..<menuPoints {
            let a = t + (usage.high - t) * Double(i) / Double(menuPoints - 1)
            if i > 0 { x1 += Quadrature.integrate(previous, a, pieces: 1) { x2($0, nu) } }
            previous = a
            let x = x2(a, nu)
            let alone = standAloneBenefit(a)
            options.append(
                TariffOption(usage: a, payment: a * x - x1, allocation: h(x), netBenefit: x1, standAloneBenefit: alone))
        }
        let mu = 1 / (1 - nu)
        let excluded = usage.cdf(t)
        return TariffMenu(
            exclusionThreshold: t, excludedShare: excluded, welfarePerAgent: welfare, centralWelfarePerAgent: central,
            multiplier: mu, capacitySlack: capacity(nu), menu: options)
    }

    /// What an agent of usage a could get alone: max_y { a u(y) - unitCost y } (slides: t^2/4 for sqrt).
    public func standAloneBenefit(_ a: Double) -> Double {
        guard a > 0 else { return 0 }
        let y = pow(a * utility.exponent * utility.coefficient / unitCost, 1 / (1 - utility.exponent))
        return a * u(y) - unitCost * y
    }
}

/// A grid-computing tariff scenario: the inputs of `TariffProblem` as a value that a file or a
/// request body carries (`utility` {coefficient, exponent}, `usage` a type law, `unitCost`).
public struct TariffScenario: Sendable, Hashable, Codable {
    /// u(y) = A y^alpha.
    public var utility: Utility.PowerLaw
    /// The law of the usage frequency a.
    public var usage: TypeDistribution
    /// Cost of one unit of capacity.
    public var unitCost: Double

    public init(utility: Utility.PowerLaw, usage: TypeDistribution, unitCost: Double) {
        self.utility = utility
        self.usage = usage
        self.unitCost = unitCost
    }

    /// The slides' special case ("A special case"): u = sqrt(y), a ~ U[0, 1], C(Q) = Q.
    public static func slidesExample() throws -> TariffScenario {
        TariffScenario(utility: .init(coefficient: 1, exponent: 0.5), usage: try .uniform(low: 0, high: 1), unitCost: 1)
    }

    /// The validated problem.
    public func problem() throws -> TariffProblem {
        try TariffProblem(utility: utility, usage: usage, unitCost: unitCost)
    }
}

/// One entry {p(a), y(a)} of the tariff menu.
public struct TariffOption: Sendable, Codable, Equatable {
    /// a: the usage frequency this option is designed for.
    public let usage: Double
    /// p(a) = a x2(a) - x1(a): the payment.
    public let payment: Double
    /// y(a) = h(x2(a)): the share of capacity received when present.
    public let allocation: Double
    /// x1(a) = a u(y(a)) - p(a): the agent's net benefit.
    public let netBenefit: Double
    /// max_y { a u(y) - unitCost y }: the benefit of going it alone (the slides' t^2/4).
    public let standAloneBenefit: Double
}

/// The optimal tariff menu and its welfare.
public struct TariffMenu: Sendable, Codable, Equatable {
    /// t*: agents with usage below it are excluded (slides: 0.1586).
    public let exclusionThreshold: Double
    /// F(t*): the share of agents excluded.
    public let excludedShare: Double
    /// integral a (u(y) - unitCost y) dF (slides: 0.1161).
    public let welfarePerAgent: Double
    /// The central planner's welfare per agent (slides: 0.125).
    public let centralWelfarePerAgent: Double
    /// mu, the multiplier of the capacity constraint.
    public let multiplier: Double
    /// The capacity constraint's value at the solution (0 when it binds).
    public let capacitySlack: Double
    /// The menu from t* to the top usage, ascending in usage and payment.
    public let menu: [TariffOption]

    /// The tariff as y(p): the allocation offered for payment p, by linear interpolation
    /// in the menu (nil outside [0, p(top)]).
    public func allocation(forPayment p: Double) -> Double? {
        guard let first = menu.first, let last = menu.last, p >= 0, p <= last.payment else { return nil }
        if p <= first.payment { return first.allocation }
        var lo = 0, hi = menu.count - 1
        while hi - lo > 1 {
            let m = (lo + hi) / 2
            if menu[m].payment <= p { lo = m } else { hi = m }
        }
        let a = menu[lo], b = menu[hi]
        guard b.payment > a.payment else { return a.allocation }
        let w = (p - a.payment) / (b.payment - a.payment)
        return a.allocation + w * (b.allocation - a.allocation)
    }
}
