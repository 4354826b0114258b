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
            Without options it solves the slides' example. A scenario file gives the pool; the options given \
            replace its fields. Numbers may be written as fractions (2/3). Monte Carlo runs report their standard error.
            """
    )

    @OptionGroup var pool: PoolOptions

    @Option(parsing: .unconditional, help: "A scenario file with the fields players, utility, cost, types.")
    var scenario: String?

    @Option(name: .customLong("monte-carlo"), parsing: .unconditional, help: "Replications for every Monte Carlo estimate (default: 400, fewer for large n so that n x replications <= 2e7; each has its standard error).")
    var monteCarlo: Int?

    @OptionGroup var runArguments: RunArguments

    @Flag(help: "Simulate the posted mechanism at this n: realized welfare and budget surplus (Monte Carlo).")
    var simulate = false

    @Flag(name: .customLong("second-best"), help: "Also compute the second best Phi_n when it needs Monte Carlo (it is exact, and always shown, when beta = 2 alpha).")
    var secondBest = false

    @Flag(name: .customLong("no-exclusions"), help: "With the second best, also the variant where nobody may be excluded.")
    var noExclusions = false

    @Flag(name: .customLong("equal-contribution"), help: "Also solve the equal-contribution schemes (post Q and share cost; post a fee and build what it covers).")
    var equalContribution = false

    @Option(parsing: .unconditional, help: "Whom an agent counts in the participants he expects: a-priori (X ~ Bin(n, p); reproduces the slides) or including-self (X = 1 + Bin(n-1, p)).")
    var counting: CountingArgument?

    @Flag(help: "Simulate peers responding iteratively to the size they see (fee phi* posted, build what the fees cover).")
    var iterate = false

    @Option(name: .customLong("initial-size"), parsing: .unconditional, help: "Initial size Q_0 of the iterative response, as a multiple of Q*.")
    var initialSize: Double?

    @OptionGroup var output: FormatOptions

    func validate() throws {
        if initialSize != nil && !iterate { throw ValidationError("--initial-size applies only with --iterate") }
        if counting != nil && !equalContribution { throw ValidationError("--counting applies only with --equal-contribution") }
    }

    /// Every parameter of the study: the pool and what is computed on it.
    struct Parameters: Encodable {
        let pool: ProvisioningScenario
        let monteCarlo: Int
        let simulate, secondBest, noExclusions: Bool
        let equalContribution: ParticipantCounting?
        let initialSize: Double?
    }

    func run() throws {
        let started = ContinuousClock.now
        let (pool, study) = try study()
        let report = try study.run(runArguments.options())
        let parameters = Parameters(
            pool: pool, monteCarlo: study.replications, simulate: simulate, secondBest: secondBest,
            noExclusions: noExclusions, equalContribution: study.equalContribution, initialSize: study.iterativeStart)
        try Terminal.emit(
            runArguments.document(report, of: Self.self, parameters: parameters, started: started),
            format: output.outputFormat, table: { report.table() },
            csv: report.iterativeResponse.map { response in { Self.csv(response) } })
    }

    /// The rounds of the iterative response.
    static func csv(_ response: IterativeResponseResult) -> String {
        "round,size,participants,welfare\n"
            + response.rounds.map { "\($0.round),\($0.size),\($0.participants),\($0.welfare)\n" }.joined()
    }

    /// The study the options ask for: the scenario file's pool (or the slides' example) with the
    /// options given replacing its fields.
    func study() throws -> (ProvisioningScenario, ProvisioningStudy) {
        let pool = try self.pool.pool(
            scenario.map { try Terminal.readScenario(ProvisioningScenario.self, path: $0) } ?? .slidesExample())
        let counting = (counting?.counting ?? ProvisioningStudy.defaultCounting)
        return (pool, try ProvisioningStudy(
            model: pool.model(), replications: monteCarlo, simulate: simulate, alwaysSecondBest: secondBest,
            withoutExclusions: noExclusions, equalContribution: equalContribution ? counting : nil,
            iterativeStart: iterate ? initialSize ?? ProvisioningStudy.defaultIterativeStart : nil))
    }

    /// The text of an `empirical:FILE` sample file.
    static func readSamples(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("--types: cannot read sample file '\(path)'")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The spellings of `--counting` for the module's `ParticipantCounting`.
enum CountingArgument: String, ExpressibleByArgument, CaseIterable {
    case aPriori = "a-priori"
    case includingSelf = "including-self"

    init(_ counting: ParticipantCounting) {
        switch counting {
        case .aPriori: self = .aPriori
        case .includingSelf: self = .includingSelf
        }
    }

    var counting: ParticipantCounting {
        switch self {
        case .aPriori: .aPriori
        case .includingSelf: .includingSelf
        }
    }
}

extension ProvisioningReport {
    /// The readable table of `surplus provision`.
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
