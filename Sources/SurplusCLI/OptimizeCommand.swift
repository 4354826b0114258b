import ArgumentParser
import BilateralMarket
import DesignOptimization
import Experiments
import Foundation
import Provisioning
import Reports
import SurplusCore
import TextFormatting

/// `surplus optimize`: the design parameter that maximizes an objective, with the curve it
/// was found on and how the optimum was bracketed.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "The design parameter maximizing an objective: the bilateral price k (paper 000, Figs. 5-7), the exchange's bid increment epsilon, or the pool's posted fee (slides 003).",
        discussion: """
            --over price: k in [c_serve, s + c_lose] maximizing the equilibrium's tradeRatio or expectedValue, with \
            the bilateral-market options. --over epsilon: the bid increment maximizing the mean welfare (share of \
            the optimum) of --markets random exchanges of --buyers x --sellers. --over fee: the posted fee phi = t u(q(t)) \
            maximizing the expected welfare of the pool given by the provision options (--scenario, --players, --utility, \
            --cost, --types), checked against problem P*'s phi*. A curve that jumps is reported as such (kind jump), \
            never as a smooth peak.
            """)

    enum Parameter: String, ExpressibleByArgument, CaseIterable { case price, epsilon, fee }
    enum Objective: String, ExpressibleByArgument, CaseIterable { case tradeRatio, expectedValue, welfare }

    @Option(parsing: .unconditional, help: "Objective: tradeRatio or expectedValue (price), welfare (epsilon, fee).") var objective: Objective?
    @Option(parsing: .unconditional, help: "Design parameter: price, epsilon or fee.") var over: Parameter = .price
    @Option(parsing: .unconditional, help: "Interval searched, LO:HI (price: default [c_serve, s + c_lose]; epsilon: default 0.001:0.5).")
    var range: String?
    @Option(parsing: .unconditional, help: "Evenly spaced values of the first scan.") var grid = 26
    @Option(parsing: .unconditional, help: "Width to which the optimum and any jump are bracketed.") var tolerance = 1e-3
    @Option(parsing: .unconditional, help: "Buyers of each random exchange (epsilon).") var buyers: Int?
    @Option(parsing: .unconditional, help: "Sellers of each random exchange (epsilon).") var sellers: Int?
    @Option(parsing: .unconditional, help: "Random exchanges averaged (epsilon).") var markets: Int?
    @Option(name: .customLong("players-range"), parsing: .unconditional, help: "With --over fee: the optimal fee phi* against n over LO:HI, at --grid pool sizes.")
    var playersRange: String?
    @Option(parsing: .unconditional, help: "SVG chart of the curve searched, the optimum marked.") var plot: String?
    @OptionGroup var market: MarketOptions
    @OptionGroup var pool: PoolOptions
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: SummaryFormatOptions

    func validate() throws {
        if market.price != nil { throw ValidationError("--price does not apply to optimize, which searches k") }
        let exchange = [("--buyers", buyers != nil), ("--sellers", sellers != nil), ("--markets", markets != nil)].filter(\.1).map(\.0)
        if playersRange != nil {
            if over != .fee { throw ValidationError("--players-range applies to --over fee") }
            if let name = [("--players", pool.players != nil), ("--plot", plot != nil)].first(where: \.1)?.0 {
                throw ValidationError("\(name) does not apply with --players-range")
            }
        }
        if over != .fee, let name = pool.givenOptions.first { throw ValidationError("\(name) does not apply to --over \(over.rawValue)") }
        switch over {
        case .price:
            if let name = exchange.first { throw ValidationError("\(name) does not apply to --over price") }
            if objective == .welfare { throw ValidationError("--objective welfare applies to --over epsilon or fee; price takes tradeRatio or expectedValue") }
        case .epsilon:
            if let name = market.givenOptions.first { throw ValidationError("\(name) does not apply to --over epsilon") }
            if let objective, objective != .welfare { throw ValidationError("--objective \(objective.rawValue) applies to --over price; epsilon takes welfare") }
        case .fee:
            let refused = exchange + market.givenOptions.filter { $0 != "--scenario" } + (range != nil ? ["--range"] : [])
            if !refused.isEmpty { throw ValidationError("\(refused.joined(separator: ", ")) \(refused.count == 1 ? "does" : "do") not apply to --over fee") }
            if let objective, objective != .welfare { throw ValidationError("--objective \(objective.rawValue) applies to --over price; fee takes welfare") }
        }
    }

    /// Every parameter of the search.
    struct Parameters: Encodable {
        let over: String
        let objective: String
        let range: String?
        let grid: Int
        let tolerance: Double
        let market: MarketOptions.Parameters?
        let buyers, sellers, markets: Int?
        let pool: ProvisioningScenario?
    }

    func run() throws {
        let started = ContinuousClock.now
        let range = try self.range.map(Self.interval)
        let options = try runArguments.options()
        let result: DesignOptimum
        var subject: String
        var parameters = Parameters(
            over: over.rawValue, objective: (objective ?? (over == .price ? .tradeRatio : .welfare)).rawValue, range: self.range,
            grid: grid, tolerance: tolerance, market: nil, buyers: nil, sellers: nil, markets: nil, pool: nil)
        switch over {
        case .price:
            let base = try market.parameters(market.loadScenario())
            parameters = Parameters(
                over: parameters.over, objective: parameters.objective, range: self.range, grid: grid, tolerance: tolerance,
                market: base, buyers: nil, sellers: nil, markets: nil, pool: nil)
            let parameters = base.market
            result = try PriceDesign.optimize(
                parameters, objective: objective == .expectedValue ? .expectedValue : .tradeRatio, range: range,
                settings: market.settings(), gridPoints: grid, tolerance: tolerance, options: options)
            subject = "the \(parameters.model.rawValue) market, Psi = U[\(InputError.format(parameters.initialBudget.low)), "
                + "\(InputError.format(parameters.initialBudget.high))]"
        case .epsilon:
            let (b, s, m) = (buyers ?? 8, sellers ?? 3, markets ?? 50)
            parameters = Parameters(
                over: parameters.over, objective: parameters.objective, range: self.range, grid: grid, tolerance: tolerance,
                market: nil, buyers: b, sellers: s, markets: m, pool: nil)
            result = try IncrementDesign.optimize(
                buyers: b, sellers: s, markets: m, range: range ?? 0.001...0.5, gridPoints: grid, tolerance: tolerance, options: options)
            subject = "\(m) random exchanges of \(b) buyers x \(s) sellers"
        case .fee:
            let scenario = try self.pool.pool(
                market.scenario.map { try Terminal.readScenario(ProvisioningScenario.self, path: $0) } ?? .slidesExample())
            if let playersRange {
                let players = try Self.playersInterval(playersRange)
                let model = try scenario.model()
                let curve = try FeeDesign.feeAgainstPlayers(model, players: players, points: grid, options: options)
                parameters = Parameters(
                    over: parameters.over, objective: "fee", range: playersRange, grid: grid, tolerance: tolerance,
                    market: nil, buyers: nil, sellers: nil, markets: nil, pool: scenario)
                let subject = "u = \(model.utility), c = \(model.cost), theta ~ \(model.types.label)"
                return try Terminal.emit(
                    runArguments.document(curve, of: Self.self, parameters: parameters, started: started),
                    format: output.outputFormat, table: { Self.render(curve, subject: subject) })
            }
            parameters = Parameters(
                over: parameters.over, objective: parameters.objective, range: nil, grid: grid, tolerance: tolerance,
                market: nil, buyers: nil, sellers: nil, markets: nil, pool: scenario)
            let model = try scenario.model()
            result = try FeeDesign.optimize(model, gridPoints: grid, tolerance: tolerance, options: options)
            subject = "the pool of n = \(model.players), u = \(model.utility), c = \(model.cost), theta ~ \(model.types.label)"
        }
        if let plot {
            try SweepFiles.writeAtomically(Data(try Self.chart(result, subject: subject).svg().utf8), to: plot)
        }
        try Terminal.emit(
            runArguments.document(result, of: Self.self, parameters: parameters, started: started),
            format: output.outputFormat, table: { Self.render(result, subject: subject) })
    }

    static func interval(_ text: String) throws -> ClosedRange<Double> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, lo < hi else {
            throw InputError(field: "range", value: text, expected: "LO:HI with LO < HI")
        }
        return lo...hi
    }

    static func playersInterval(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], 1 <= lo, lo <= hi else {
            throw InputError(field: "players-range", value: text, expected: "LO:HI, whole numbers with 1 <= LO <= HI")
        }
        return lo...hi
    }

    /// The optimal fee against n, with phi*/n (1/48 for every n in the slides' example).
    static func render(_ r: FeeCurve, subject: String) -> String {
        var t = TextTable(title: "Optimal posted fee phi* of problem P* against n: \(subject)", header: ["n", "phi*", "phi*/n"])
        for p in r.curve { t.append(["\(Int(p.x))", Format.fixed(p.y, 6), Format.fixed(p.y / p.x, 6)]) }
        return t.render()
    }

    static func render(_ r: DesignOptimum, subject: String) -> String {
        let p = r.parameter
        var text = "\(r.objective) of \(subject), over \(p) in [\(Format.fixed(r.domain[0], 4)), \(Format.fixed(r.domain[1], 4))]\n"
        let bracket = "[\(Format.fixed(r.bracket[0], 4)), \(Format.fixed(r.bracket[1], 4))]"
        switch r.kind {
        case .interior: text += "interior peak: \(p) = \(Format.fixed(r.optimum, 4)), bracketed in \(bracket) on a smooth stretch\n"
        case .boundary:
            let side = r.optimum == r.domain[0] ? "falls from it" : "rises towards it"
            text += "at the bound \(p) = \(Format.fixed(r.optimum, 4)): the objective \(side) (grid cell \(bracket))\n"
        case .flat: text += "flat: \(r.objective) is the same for every \(p) searched; no value is better\n"
        case .jump:
            text += "at a jump: \(p) = \(Format.fixed(r.optimum, 4)) is the best side of a discontinuity within \(bracket); "
                + "no smooth peak\n"
        }
        text += "\(r.objective) there: \(Format.fixed(r.value, 5))"
        if !r.jumps.isEmpty {
            text += "; jumps within " + r.jumps.map { "[\(Format.fixed($0[0], 4)), \(Format.fixed($0[1], 4))]" }.joined(separator: ", ")
        }
        if let check = r.reference {
            text += "\n\(check.source): \(p) = \(Format.fixed(check.optimum, 6)), \(r.objective) \(Format.fixed(check.value, 5)); "
                + (check.agrees ? "the search agrees within its tolerance" : "the search DISAGREES beyond its tolerance")
        }
        return text + "\n"
    }

    static let axisTitle = ["price": "price k", "epsilon": "bid increment epsilon", "fee": "posted fee phi = t u(q(t))"]

    static func chart(_ r: DesignOptimum, subject: String) throws -> ChartLayout {
        try ChartLayout(Chart(
            title: "\(r.objective) against \(r.parameter), \(subject) (\(r.kind.rawValue) optimum)",
            x: Axis(axisTitle[r.parameter] ?? r.parameter, unit: r.parameter == "price" ? "currency units" : nil),
            y: Axis(r.objective),
            series: [
                Series("curve searched", style: .line, x: r.curve.map(\.x), y: r.curve.map(\.y)),
                Series("optimum \(r.parameter) = \(Format.fixed(r.optimum, 3))", style: .markers, x: [r.optimum], y: [r.value]),
            ]))
    }
}

extension MarketOptions {
    /// The bilateral-market options given on the command line, by their names.
    var givenOptions: [String] {
        let given: [(String, Bool)] = [
            ("--scenario", scenario != nil), ("--model", model != nil), ("--interest", interest != nil),
            ("--initial-budget", initialBudget != nil), ("--beta", beta != nil), ("--client-probability", clientProbability != nil),
            ("--alpha", alpha != nil), ("--surplus", surplus != nil), ("--serve-cost", serveCost != nil),
            ("--lose-cost", loseCost != nil), ("--budget-step", budgetStep != nil), ("--scan-points", scanPoints != nil),
            ("--scan-resolution", scanResolution != nil),
        ]
        return given.filter(\.1).map(\.0)
    }
}
