import ArgumentParser
import Foundation
import NetworkSharing
import SurplusCore
import TextFormatting

/// `surplus network`: allocation on a sharing network (document 004).
struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Allocation on a sharing network: CMAP, proportional response, or the equilibrium (document 004).",
        discussion: """
            --graph takes a file (JSON {"agents":[{"id","endowment","value"}],"edges":[["a","b"]]}, or a CSV \
            edge list 'source,target' with --agents id,endowment,value) or a generator: \
            erdos-renyi:n=200,degree=6 | barabasi-albert:n=1000,m=3 | ring:n=50,k=2 | grid:rows=10,cols=10, \
            each with optional endowment=LAW,value=LAW (constant:C, uniform:LO:HI, lognormal:MU:SIGMA; \
            default lognormal:0:1).
            """)

    @Option(help: "Graph file (.json or .csv edge list) or generator spec, e.g. erdos-renyi:n=200,degree=6.")
    var graph: String

    @Option(help: "CSV table id,endowment,value for a CSV edge list (default: endowment 1, value 1).")
    var agents: String?

    @Option(help: "cmap, proportional, or equilibrium.")
    var method: NetworkStudy.Method = .cmap

    @Option(help: "CMAP schedule: sequential, simultaneous, or damped.")
    var schedule: NetworkStudy.ScheduleName = .sequential

    @Option(help: "Agent order of the sequential schedule: fixed or random (a new permutation every sweep).")
    var order: AgentOrder = .fixed

    @Option(help: "Step of the damped schedule, in (0, 1).")
    var damping: Double = NetworkStudy.defaultDamping

    @Option(help: "Community radius k of CMAP (hops).")
    var community: Int = NetworkStudy.defaultCommunity

    @Option(help: "Maximum sweeps of the dynamics.")
    var iterations: Int = Dynamics.Options.defaultSweeps

    @Option(help: "Relative duality gap at which the equilibrium and the dynamics count as converged.")
    var tolerance: Double = Equilibrium.Options.defaultTolerance

    @Option(help: "Initial allocation: uniform or random shares.")
    var initial: InitialAllocation = .uniform

    @Option(help: "Record the series every this many market rounds: within sequential sweeps, or every this many sweeps for the other methods (default: every sweep).")
    var recordEvery: Int?

    @Option(help: "Equilibrium solver: accelerated (momentum) or proportionalResponse (the reference).")
    var solver: Equilibrium.Solver = .accelerated

    /// The seed draws the generated graph, the random order and a random initial allocation.
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    var isCSV: Bool { graph.lowercased().hasSuffix(".csv") }

    func validate() throws {
        if method == .equilibrium { try output.requireNotCSV() }
        if agents != nil && !isCSV { throw ValidationError("--agents is only used with a CSV edge list") }
    }

    func run() throws {
        let study = try NetworkStudy(
            method: method, schedule: schedule, order: order, damping: damping, community: community,
            iterations: iterations, tolerance: tolerance, initial: initial, recordInterval: recordEvery,
            solver: solver)
        let options = try runArguments.options()
        let network = try loadNetwork(options)
        let clock = ContinuousClock()
        var finished = [NetworkStudy.Phase: ContinuousClock.Instant]()
        let start = clock.now
        let result = try study.run(network, options: options) { finished[$0] = clock.now }
        let equilibriumEnd = finished[.equilibrium] ?? start
        let timed = Timed(
            run: result, equilibriumSeconds: (equilibriumEnd - start).seconds,
            dynamicsSeconds: finished[.dynamics].map { ($0 - equilibriumEnd).seconds } ?? 0)
        switch output.format {
        case .json: try Terminal.printJSON(timed)
        case .csv: Terminal.print(Self.csv(result.series), terminator: "")
        case .table: Terminal.print(Self.table(timed), terminator: "")
        }
    }

    /// The generated, CSV or JSON network `--graph` names.
    func loadNetwork(_ options: RunOptions) throws -> SharingNetwork {
        if NetworkGenerator.isSpec(graph) { return try NetworkGenerator(spec: graph).generate(options) }
        do {
            if isCSV { return try NetworkFile.csv(edges: read(graph), agents: agents.map(read)) }
            return try NetworkFile.json(read(graph))
        } catch let error as NetworkError {
            if case .invalidAgentTable = error, let agents { throw CommandError("\(agents): \(error)") }
            throw CommandError("\(graph): \(error)")
        }
    }

    func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read file '\(path)'") }
        return data
    }

    /// The module's result with the wall-clock times of its two parts: `seconds` (the dynamics,
    /// 0 for the equilibrium method) beside it and `equilibrium.seconds` inside its equilibrium.
    struct Timed: Encodable {
        let run: NetworkRun
        let equilibriumSeconds: Double
        let dynamicsSeconds: Double

        enum Keys: String, CodingKey { case seconds, equilibrium }

        func encode(to encoder: Encoder) throws {
            try run.encode(to: encoder)
            // Asking again for a container (or a nested one) under a key already written adds to it.
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(dynamicsSeconds, forKey: .seconds)
            var equilibrium = container.nestedContainer(keyedBy: Keys.self, forKey: .equilibrium)
            try equilibrium.encode(equilibriumSeconds, forKey: .seconds)
        }
    }

    static func csv(_ series: [RoundRecord]) -> String {
        var text = "sweep,marketRounds,nashWelfareRatio,marketLoss,relativeGap\n"
        for r in series {
            text += "\(r.sweep),\(r.marketRounds),\(r.nashWelfareRatio),\(r.marketLoss),\(r.relativeGap)\n"
        }
        return text
    }

    static func table(_ timed: Timed) -> String {
        let r = timed.run
        var summary = TextTable(title: "surplus network: \(r.method.rawValue)", header: ["measure", "value"])
        if let schedule = r.schedule { summary.append(["schedule", schedule.rawValue]) }
        if let community = r.community { summary.append(["community k", "\(community)"]) }
        summary.append(["agents", "\(r.agents)"])
        summary.append(["edges", "\(r.edges)"])
        summary.append(["Nash welfare ratio", Format.percent(r.nashWelfareRatio, 3)])
        summary.append(["market loss", Format.percent(r.marketLoss, 3)])
        summary.append(["relative gap", String(format: "%.3e", r.relativeGap)])
        summary.append(["iterations", "\(r.iterations)"])
        summary.append(["market rounds", "\(r.marketRounds)"])
        summary.append(["converged", r.converged ? "yes" : "no"])
        summary.append(["equilibrium relative gap", String(format: "%.3e", r.equilibrium.relativeGap)])
        summary.append(["equilibrium rounds", "\(r.equilibrium.rounds)"])
        summary.append(["equilibrium seconds", Format.fixed(timed.equilibriumSeconds, 3)])
        if timed.dynamicsSeconds > 0 { summary.append(["dynamics seconds", Format.fixed(timed.dynamicsSeconds, 3)]) }
        var text = summary.render()
        if r.series.count > 1 {
            var series = TextTable(title: "\nseries", header: ["sweep", "market rounds", "Nash welfare ratio", "market loss", "relative gap"])
            let count = r.series.count
            let picks = count <= 12 ? Array(0..<count) : Array(Set((0..<12).map { $0 * (count - 1) / 11 })).sorted()
            for k in picks {
                let s = r.series[k]
                series.append(["\(s.sweep)", "\(s.marketRounds)", Format.percent(s.nashWelfareRatio, 3),
                               Format.percent(s.marketLoss, 3), String(format: "%.3e", s.relativeGap)])
            }
            text += series.render()
        }
        return text
    }
}

extension NetworkStudy.Method: ExpressibleByArgument {}
extension NetworkStudy.ScheduleName: ExpressibleByArgument {}
extension AgentOrder: ExpressibleByArgument {}
extension InitialAllocation: ExpressibleByArgument {}
extension Equilibrium.Solver: ExpressibleByArgument {}
