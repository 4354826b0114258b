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

    @Option(parsing: .unconditional, help: "Graph file (.json or .csv edge list) or generator spec, e.g. erdos-renyi:n=200,degree=6.")
    var graph: String

    @Option(parsing: .unconditional, help: "CSV table id,endowment,value for a CSV edge list (default: endowment 1, value 1).")
    var agents: String?

    @Option(parsing: .unconditional, help: "cmap, proportional, or equilibrium.")
    var method: NetworkStudy.Method = .cmap

    @Option(parsing: .unconditional, help: "CMAP schedule: sequential, simultaneous, or damped.")
    var schedule: NetworkStudy.ScheduleName?

    @Option(parsing: .unconditional, help: "Agent order of the sequential schedule: fixed or random (a new permutation every sweep).")
    var order: AgentOrder?

    @Option(parsing: .unconditional, help: "Step of the damped schedule, in (0, 1).")
    var damping: Double?

    @Option(parsing: .unconditional, help: "Community radius k of CMAP (hops).")
    var community: Int?

    @Option(parsing: .unconditional, help: "Maximum sweeps of the dynamics.")
    var iterations: Int?

    @Option(parsing: .unconditional, help: "Relative duality gap at which the equilibrium and the dynamics count as converged.")
    var tolerance: Double = Equilibrium.Options.defaultTolerance

    @Option(parsing: .unconditional, help: "Initial allocation: uniform or random shares.")
    var initial: InitialAllocation?

    @Option(parsing: .unconditional, help: "Record the series every this many market rounds: within sequential sweeps, or every this many sweeps for the other methods (default: every sweep).")
    var recordEvery: Int?

    @Option(parsing: .unconditional, help: "Equilibrium solver: accelerated (momentum) or proportionalResponse (the reference).")
    var solver: Equilibrium.Solver = .accelerated

    /// The seed draws the generated graph, the random order and a random initial allocation.
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    var isCSV: Bool { graph.lowercased().hasSuffix(".csv") }

    /// Options that only some methods or schedules read are refused elsewhere, not ignored.
    func validate() throws {
        if agents != nil && !isCSV { throw ValidationError("--agents applies only to a CSV edge list (--graph FILE.csv)") }
        let cmapOnly: [(String, Bool)] = [
            ("--schedule", schedule != nil), ("--order", order != nil), ("--damping", damping != nil), ("--community", community != nil),
        ]
        if method != .cmap, let (name, _) = cmapOnly.first(where: \.1) {
            throw ValidationError("\(name) applies only to --method cmap, not \(method.rawValue)")
        }
        if order != nil, (schedule ?? .sequential) != .sequential {
            throw ValidationError("--order applies only to the sequential schedule")
        }
        if damping != nil, schedule != .damped { throw ValidationError("--damping applies only to --schedule damped") }
        let dynamicsOnly: [(String, Bool)] = [("--iterations", iterations != nil), ("--initial", initial != nil), ("--record-every", recordEvery != nil)]
        if method == .equilibrium, let (name, _) = dynamicsOnly.first(where: \.1) {
            throw ValidationError("\(name) applies only to the dynamics (--method cmap or proportional), not to the equilibrium")
        }
    }

    /// Every parameter of the run: the graph as given and the study's settings.
    struct Parameters: Encodable {
        let graph: String
        let agents: String?
        let method: NetworkStudy.Method
        let schedule: NetworkStudy.ScheduleName?
        let order: AgentOrder?
        let damping: Double?
        let community: Int?
        let iterations: Int?
        let tolerance: Double
        let solver: Equilibrium.Solver
        let initial: InitialAllocation?
        let recordEvery: Int?
    }

    func run() throws {
        let started = ContinuousClock.now
        let schedule = schedule ?? .sequential
        let study = try NetworkStudy(
            method: method, schedule: schedule, order: order ?? .fixed, damping: damping ?? NetworkStudy.defaultDamping,
            community: community ?? NetworkStudy.defaultCommunity, iterations: iterations ?? Dynamics.Options.defaultSweeps,
            tolerance: tolerance, initial: initial ?? .uniform, recordInterval: recordEvery,
            solver: solver)
        let options = try runArguments.options()
        let network = try loadNetwork(options)
        let clock = ContinuousClock()
        var finished = [NetworkStudy.Phase: ContinuousClock.Instant]()
        let start = clock.now
        let result = try study.run(network, options: options) { finished[$0] = clock.now }
        let equilibriumEnd = finished[.equilibrium] ?? start
        var seconds = ["equilibriumSeconds": (equilibriumEnd - start).seconds]
        if let end = finished[.dynamics] { seconds["dynamicsSeconds"] = (end - equilibriumEnd).seconds }
        let dynamics = method == .equilibrium
        let parameters = Parameters(
            graph: graph, agents: agents, method: method, schedule: study.schedule,
            order: method == .cmap && schedule == .sequential ? order ?? .fixed : nil,
            damping: method == .cmap && schedule == .damped ? damping ?? NetworkStudy.defaultDamping : nil,
            community: study.community, iterations: dynamics ? nil : iterations ?? Dynamics.Options.defaultSweeps,
            tolerance: tolerance, solver: solver, initial: dynamics ? nil : initial ?? .uniform, recordEvery: recordEvery)
        try Terminal.emit(
            runArguments.document(result, of: Self.self, parameters: parameters, started: started, rates: seconds),
            format: output.outputFormat, table: { Self.table(result, seconds: seconds) },
            csv: dynamics ? nil : { Self.csv(result.series) })
    }

    /// The generated, CSV or JSON network `--graph` names.
    func loadNetwork(_ options: RunOptions) throws -> SharingNetwork {
        if !FileManager.default.fileExists(atPath: graph), NetworkGenerator.isSpec(graph) {
            return try NetworkGenerator(spec: graph).generate(options)
        }
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

    static func csv(_ series: [RoundRecord]) -> String {
        var text = "sweep,marketRounds,nashWelfareRatio,marketLoss,relativeGap\n"
        for r in series {
            text += "\(r.sweep),\(r.marketRounds),\(r.nashWelfareRatio),\(r.marketLoss),\(r.relativeGap)\n"
        }
        return text
    }

    static func table(_ r: NetworkRun, seconds: [String: Double]) -> String {
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
        summary.append(["equilibrium seconds", Format.fixed(seconds["equilibriumSeconds"] ?? 0, 3)])
        if let dynamics = seconds["dynamicsSeconds"] { summary.append(["dynamics seconds", Format.fixed(dynamics, 3)]) }
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
