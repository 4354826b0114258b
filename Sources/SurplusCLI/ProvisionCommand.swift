import ArgumentParser
import Foundation
import Provisioning
import SurplusCore
import TextFormatting

/// `surplus provision`: the posted fee-and-size mechanism for a shared pool (document 003).
struct ProvisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Posted fee-and-size mechanism for a shared pool (slides 003, Theorem 1).",
        discussion: """
            Defaults reproduce the slides' example: u(Q) = (2/3) Q^(1/2), c(Q) = Q, theta ~ U[0, 1].
            Numbers may be written as fractions (2/3). Monte Carlo runs report their standard error.
            """
    )

    @Option(help: "Number of peers n >= 1.")
    var players: Int = 100

    @Option(help: "Utility u(Q) = A Q^alpha, as power:A:ALPHA (0 < alpha <= 1).")
    var utility: String = "power:2/3:1/2"

    @Option(help: "Cost c(n, Q) = B n^delta Q^beta, as power:B:BETA[:DELTA] (beta >= 1, delta >= 0).")
    var cost: String = "power:1:1"

    @Option(help: "Type law: uniform:LO:HI, beta:A:B, or empirical:FILE (numbers separated by spaces, commas or lines).")
    var types: String = "uniform:0:1"

    @Option(help: "A scenario file with the fields players, utility, cost, types (overrides those options).")
    var scenario: String?

    @Option(name: .customLong("monte-carlo"), help: "Replications for every Monte Carlo estimate (default: 400, fewer for large n so that n x replications <= 2e7; each has its standard error).")
    var monteCarlo: Int?

    @Option(help: "Seed of the random streams.")
    var seed: UInt64 = 1

    @Option(help: "Threads for Monte Carlo (results do not depend on it).")
    var threads: Int = Parallel.processorCount

    @Flag(help: "Simulate the posted mechanism at this n: realized welfare and budget surplus (Monte Carlo).")
    var simulate = false

    @Flag(name: .customLong("second-best"), help: "Also compute the second best Phi_n when it needs Monte Carlo (it is exact, and always shown, when beta = 2 alpha).")
    var secondBest = false

    @Flag(name: .customLong("no-exclusions"), help: "With the second best, also the variant where nobody may be excluded.")
    var noExclusions = false

    @Flag(name: .customLong("equal-contribution"), help: "Also solve the equal-contribution schemes (post Q and share cost; post a fee and build what it covers).")
    var equalContribution = false

    @Option(help: "Whom an agent counts in the participants he expects: a-priori (X ~ Bin(n, p); reproduces the slides) or including-self (X = 1 + Bin(n-1, p)).")
    var counting: CountingOption = .aPriori

    @Flag(help: "Simulate peers responding iteratively to the size they see (fee phi* posted, build what the fees cover).")
    var iterate = false

    @Option(name: .customLong("initial-size"), help: "Initial size Q_0 of the iterative response, as a multiple of Q*.")
    var initialSize: Double = 0.2

    @OptionGroup var output: FormatOptions

    func run() throws {
        try output.requireNotCSV()
        let model = try buildModel()
        let progress = Terminal.progressBar()
        let replications = monteCarlo ?? min(400, max(20, 20_000_000 / max(1, model.players)))
        let options = try MonteCarloOptions(replications: replications, seed: seed, threads: threads, progress: progress)
        let report = try ProvisionReport.compute(
            model, options: options, simulate: simulate, forceSecondBest: secondBest, noExclusions: noExclusions,
            equalContribution: equalContribution, counting: counting.value, iterate: iterate,
            initialSizeFactor: initialSize, seed: seed)
        switch output.format {
        case .json: try Terminal.printJSON(report)
        default: Terminal.print(report.table(), terminator: "")
        }
    }

    func buildModel() throws -> PoolModel {
        if let scenario {
            let s = try Terminal.readScenario(ProvisionScenario.self, path: scenario)
            return try s.model()
        }
        return try PoolModel(
            players: players, utility: ModelSpec.utility(utility), cost: ModelSpec.cost(cost),
            types: ModelSpec.types(types, field: "--types"))
    }
}

enum CountingOption: String, ExpressibleByArgument, CaseIterable {
    case aPriori = "a-priori"
    case includingSelf = "including-self"
    var value: ParticipantCounting { self == .aPriori ? .aPriori : .includingSelf }
}

/// A provisioning scenario file: the same fields as the options.
struct ProvisionScenario: Codable {
    var players: Int
    var utility: Utility.PowerLaw
    var cost: Cost.PowerLaw
    var types: TypeDistribution

    func model() throws -> PoolModel {
        try PoolModel(
            players: players, utility: .power(coefficient: utility.coefficient, exponent: utility.exponent),
            cost: .power(
                coefficient: cost.coefficient, exponent: cost.exponent, populationExponent: cost.populationExponent),
            types: types)
    }
}

/// Parsing of `power:A:ALPHA`, `uniform:LO:HI`, ... (numbers may be fractions like 2/3).
enum ModelSpec {
    static func number(_ text: Substring, field: String) throws -> Double {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let p = Double(parts[0]), let q = Double(parts[1]), q != 0 { return p / q }
        if parts.count == 1, let x = Double(text), x.isFinite { return x }
        throw CommandError("\(field): '\(text)' is not a number")
    }

    static func utility(_ spec: String) throws -> Utility {
        let p = spec.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 3, p[0] == "power" else {
            throw CommandError("--utility: '\(spec)' should be power:A:ALPHA (u = A Q^alpha)")
        }
        return try .power(coefficient: number(p[1], field: "--utility A"), exponent: number(p[2], field: "--utility ALPHA"))
    }

    static func cost(_ spec: String) throws -> Cost {
        let p = spec.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 3 || p.count == 4, p[0] == "power" else {
            throw CommandError("--cost: '\(spec)' should be power:B:BETA[:DELTA] (c = B n^delta Q^beta)")
        }
        return try .power(
            coefficient: number(p[1], field: "--cost B"), exponent: number(p[2], field: "--cost BETA"),
            populationExponent: p.count == 4 ? number(p[3], field: "--cost DELTA") : 0)
    }

    static func types(_ spec: String, field: String) throws -> TypeDistribution {
        let p = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let kind = p[0]
        let rest = p.count > 1 ? p[1] : ""
        switch kind {
        case "uniform", "beta":
            let q = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard q.count == 2 else { throw CommandError("\(field): '\(spec)' should be \(kind):\(kind == "beta" ? "A:B" : "LO:HI")") }
            let x = try number(q[0], field: field), y = try number(q[1], field: field)
            return kind == "uniform" ? try .uniform(low: x, high: y) : try .beta(x, y)
        case "empirical":
            guard let data = FileManager.default.contents(atPath: String(rest)), let text = String(data: data, encoding: .utf8)
            else { throw CommandError("\(field): cannot read sample file '\(rest)'") }
            let tokens = text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
            return try .empirical(tokens.map { try number($0, field: "\(field) sample") })
        default:
            throw CommandError("\(field): '\(spec)' should be uniform:LO:HI, beta:A:B or empirical:FILE")
        }
    }
}

/// Everything `surplus provision` prints (JSON field names are a contract).
struct ProvisionReport: Codable {
    struct ModelDescription: Codable {
        var players: Int
        var utility: String
        var cost: String
        var types: String
    }
    struct SecondBestSummary: Codable {
        var welfare: Double
        var standardError: Double
        var method: String
        var multiplier: Double
        var exclusionThreshold: Double
        /// Phi_n / Phi*_n.
        var ratio: Double
        /// n (Phi_n / Phi*_n - 1): the slides' "0.858" (exact: 7/9 in their example).
        var ratioCoefficient: Double
        var withoutExclusions: SecondBestResult?
    }
    var model: ModelDescription
    /// theta*.
    var thresholdType: Double
    /// Q*.
    var size: Double
    /// phi* = theta* u(Q*).
    var fee: Double
    /// Phi*_n: the expected welfare of the posted mechanism.
    var welfare: Double
    var firstBestWelfare: Double
    var firstBestStandardError: Double
    var firstBestMethod: String
    /// Phi*_n / first best, a fraction.
    var welfareShareOfFirstBest: Double
    var participation: Double
    var budgetBinds: Bool
    var expectedBudgetSurplus: Double
    var secondBest: SecondBestSummary?
    /// Why the second best is missing when it was not asked for and does not apply.
    var secondBestNote: String?
    var simulation: PostedMechanismSimulation?
    var equalContribution: [EqualContributionResult]?
    var iterativeResponse: IterativeResponseResult?

    static func compute(
        _ model: PoolModel, options: MonteCarloOptions, simulate: Bool, forceSecondBest: Bool, noExclusions: Bool,
        equalContribution: Bool, counting: ParticipantCounting, iterate: Bool, initialSizeFactor: Double, seed: UInt64
    ) throws -> ProvisionReport {
        let posted = try PostedMechanism.solve(model)
        let first = FirstBest.solve(model, monteCarlo: options)
        var second: SecondBestSummary?
        let exactSecond = model.utility.powerLaw != nil && model.cost.powerLaw.map { c in
            abs(c.exponent - 2 * (model.utility.powerLaw?.exponent ?? 0)) < 1e-12
        } == true
        var secondBestNote: String?
        if model.types.hasDensity && (exactSecond || forceSecondBest) {
            do {
                let s = try SecondBest.solve(model, monteCarlo: options)
                let without = noExclusions ? try SecondBest.solve(model, exclusions: false, monteCarlo: options) : nil
                let ratio = s.welfare / posted.welfare
                second = SecondBestSummary(
                    welfare: s.welfare, standardError: s.standardError, method: s.method, multiplier: s.multiplier,
                    exclusionThreshold: s.exclusionThreshold, ratio: ratio,
                    ratioCoefficient: Double(model.players) * (ratio - 1), withoutExclusions: without)
            } catch let error as ProvisioningError where !forceSecondBest {
                // Shown by default only when cheap and applicable; say why it is missing.
                secondBestNote = "second best not computed: \(error)"
            }
        }
        let sim = simulate ? posted.simulate(model, options: options) : nil
        var schemes: [EqualContributionResult]?
        if equalContribution {
            schemes = [
                try EqualContribution.postSize(model, counting: counting, reference: posted),
                try EqualContribution.postFee(model, counting: counting, reference: posted),
            ]
        }
        let iteration = iterate
            ? try IterativeResponse.simulate(model, fee: posted.fee, initialSize: posted.size * initialSizeFactor, seed: seed)
            : nil
        return ProvisionReport(
            model: .init(
                players: model.players, utility: model.utility.name, cost: model.cost.name, types: model.types.label),
            thresholdType: posted.thresholdType, size: posted.size, fee: posted.fee, welfare: posted.welfare,
            firstBestWelfare: first.expectedWelfare, firstBestStandardError: first.standardError,
            firstBestMethod: first.method, welfareShareOfFirstBest: posted.welfare / first.expectedWelfare,
            participation: posted.participation, budgetBinds: posted.budgetBinds,
            expectedBudgetSurplus: posted.expectedBudgetSurplus, secondBest: second, secondBestNote: secondBestNote,
            simulation: sim,
            equalContribution: schemes, iterativeResponse: iteration)
    }

    func table() -> String {
        var t = TextTable(
            title: "Posted fee-and-size mechanism: n = \(model.players), u = \(model.utility), c = \(model.cost), theta ~ \(model.types)",
            header: ["quantity", "value", "note"])
        func g(_ x: Double) -> String { abs(x) >= 1e5 || (abs(x) < 1e-3 && x != 0) ? String(format: "%.6e", x) : Format.fixed(x, 6) }
        t.append(["threshold type theta*", g(thresholdType), "peers with theta >= theta* join"])
        t.append(["size Q*", g(size), ""])
        t.append(["fee phi*", g(fee), "theta* u(Q*)"])
        t.append(["participation", Format.percent(participation), "1 - F(theta*)"])
        t.append(["welfare Phi*_n", g(welfare), budgetBinds ? "budget binds" : "budget slack \(g(expectedBudgetSurplus))"])
        let fbNote = firstBestMethod == "exact" ? "exact" : "Monte Carlo, s.e. \(g(firstBestStandardError))"
        t.append(["first best", g(firstBestWelfare), fbNote])
        t.append(["Phi*_n / first best", Format.percent(welfareShareOfFirstBest, 2), ""])
        if let s = secondBest {
            t.append(["second best Phi_n", g(s.welfare), s.method == "exact" ? "exact (Lagrangian)" : "Monte Carlo, s.e. \(g(s.standardError))"])
            t.append(["Phi_n / Phi*_n", Format.fixed(s.ratio, 8), "= 1 + \(Format.fixed(s.ratioCoefficient, 4))/n"])
            if let w = s.withoutExclusions {
                t.append(["second best, no exclusions", g(w.welfare), w.signConstraintDropped ? "relaxed: Q >= 0 dropped" : "s.e. \(g(w.standardError))"])
            }
        }
        if let note = secondBestNote { t.append(["second best", "-", note]) }
        if let s = simulation {
            t.append(["simulated welfare", g(s.welfare.mean), "s.e. \(g(s.welfare.standardError)), \(s.welfare.replications) runs"])
            t.append(["simulated budget surplus", g(s.budgetSurplus.mean), "s.e. \(g(s.budgetSurplus.standardError))"])
            t.append(["deficit probability", Format.percent(s.deficitProbability), ""])
        }
        for e in equalContribution ?? [] {
            let name = e.scheme == "postSize" ? "post Q, share cost" : "post phi, build covered"
            let perPeer = (e.welfare - welfare) / Double(model.players)
            t.append(["\(name): welfare", g(e.welfare), "(W - Phi*_n)/n = \(g(perPeer)), theta = \(Format.fixed(e.thresholdType, 6)), counting \(e.counting.rawValue)"])
        }
        if let it = iterativeResponse {
            t.append(["iterative response: rounds", "\(it.rounds.count)", it.converged ? "converged" : "not converged"])
            t.append(["iterative response: size", g(it.finalSize), "realized welfare \(g(it.finalWelfare))"])
        }
        return t.render()
    }
}
