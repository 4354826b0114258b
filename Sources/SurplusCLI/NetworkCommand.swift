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

    enum Method: String, ExpressibleByArgument, CaseIterable { case cmap, proportional, equilibrium }
    enum ScheduleName: String, ExpressibleByArgument, CaseIterable { case sequential, simultaneous, damped }
    enum OrderName: String, ExpressibleByArgument, CaseIterable { case fixed, random }
    enum InitialName: String, ExpressibleByArgument, CaseIterable { case uniform, random }

    @Option(help: "Graph file (.json or .csv edge list) or generator spec, e.g. erdos-renyi:n=200,degree=6.")
    var graph: String

    @Option(help: "CSV table id,endowment,value for a CSV edge list (default: endowment 1, value 1).")
    var agents: String?

    @Option(help: "cmap, proportional, or equilibrium.")
    var method: Method = .cmap

    @Option(help: "CMAP schedule: sequential, simultaneous, or damped.")
    var schedule: ScheduleName = .sequential

    @Option(help: "Agent order of the sequential schedule: fixed or random (a new permutation every sweep).")
    var order: OrderName = .fixed

    @Option(help: "Step of the damped schedule, in (0, 1).")
    var damping: Double = 0.5

    @Option(help: "Community radius k of CMAP (hops).")
    var community: Int = 1

    @Option(help: "Maximum sweeps of the dynamics.")
    var iterations: Int = 100

    @Option(help: "Seed of the generator, the random order and a random initial allocation.")
    var seed: UInt64 = 1

    @Option(help: "Relative duality gap at which the equilibrium and the dynamics count as converged.")
    var tolerance: Double = 1e-6

    @Option(help: "Initial allocation: uniform or random shares.")
    var initial: InitialName = .uniform

    @Option(help: "Record the series every this many market rounds within sequential sweeps.")
    var recordEvery: Int?

    @Option(help: "Threads (results do not depend on it).")
    var threads: Int = Parallel.processorCount

    @OptionGroup var output: FormatOptions

    struct EquilibriumSummary: Encodable {
        let relativeGap: Double
        let rounds: Int
        let converged: Bool
        let nashWelfare: Double
        /// Wall-clock time of the solve.
        let seconds: Double
    }

    struct Result: Encodable {
        let method: String
        let schedule: String?
        let community: Int?
        let agents: Int
        let edges: Int
        let nashWelfareRatio: Double
        let marketLoss: Double
        let relativeGap: Double
        let iterations: Int
        let marketRounds: Int
        let converged: Bool
        let equilibrium: EquilibriumSummary
        let utilities: [String: Double]
        let series: [RoundRecord]
        /// Wall-clock time of the dynamics (0 for the equilibrium method).
        let seconds: Double
    }

    func loadNetwork() throws -> SharingNetwork {
        if NetworkGenerator.isSpec(graph) {
            return try NetworkGenerator(spec: graph).generate(seed: seed)
        }
        if graph.lowercased().hasSuffix(".csv") {
            let edges = try NetworkCSV.edges(from: readText(graph))
            let table: [NetworkDescription.Agent]
            if let agents {
                table = try NetworkCSV.agents(from: readText(agents))
            } else {
                var seen = Set<String>()
                table = edges.flatMap { $0 }.filter { seen.insert($0).inserted }
                    .map { NetworkDescription.Agent(id: $0, endowment: 1, value: 1) }
            }
            return try SharingNetwork(agents: table, edges: edges)
        }
        guard agents == nil else { throw CommandError("--agents is only used with a CSV edge list") }
        return try SharingNetwork(Terminal.readScenario(NetworkDescription.self, path: graph))
    }

    func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CommandError("cannot read file '\(path)'")
        }
        return text
    }

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if method == .equilibrium { try output.requireNotCSV() }
        let strategy: Strategy? = switch method {
        case .equilibrium: nil
        case .proportional: .proportionalResponse
        case .cmap:
            switch schedule {
            case .sequential: .cmap(schedule: .sequential(order: order == .fixed ? .fixed : .random), community: community)
            case .simultaneous: .cmap(schedule: .simultaneous, community: community)
            case .damped: .cmap(schedule: .damped(step: damping), community: community)
            }
        }
        let dynamicsOptions = try strategy.map {
            try Dynamics.Options(strategy: $0, sweeps: iterations, tolerance: tolerance, seed: seed,
                                 initial: initial == .uniform ? .uniform : .random, recordInterval: recordEvery,
                                 threads: threads)
        }
        let network = try loadNetwork()
        let progress = Terminal.progressBar()
        let clock = ContinuousClock()
        let equilibriumStart = clock.now
        let equilibrium = Equilibrium.solve(
            network, options: try Equilibrium.Options(tolerance: tolerance, threads: threads), progress: progress)
        let summary = EquilibriumSummary(relativeGap: equilibrium.relativeGap, rounds: equilibrium.rounds,
                                         converged: equilibrium.converged, nashWelfare: equilibrium.nashWelfare,
                                         seconds: (clock.now - equilibriumStart).seconds)
        func byID(_ u: [Double]) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: zip(network.ids, u))
        }
        let result: Result
        if let dynamicsOptions {
            let dynamicsStart = clock.now
            let run = Dynamics.run(network, reference: equilibrium, options: dynamicsOptions, progress: progress)
            let elapsed = (clock.now - dynamicsStart).seconds
            let isCMAP = method == .cmap
            result = Result(
                method: method.rawValue, schedule: isCMAP ? schedule.rawValue : nil, community: isCMAP ? community : nil,
                agents: network.agentCount, edges: network.edgeCount,
                nashWelfareRatio: run.metrics.nashWelfareRatio, marketLoss: run.metrics.marketLoss,
                relativeGap: run.metrics.relativeGap, iterations: run.sweeps, marketRounds: run.marketRounds,
                converged: run.converged, equilibrium: summary, utilities: byID(run.utilities), series: run.series,
                seconds: elapsed)
        } else {
            result = Result(
                method: method.rawValue, schedule: nil, community: nil,
                agents: network.agentCount, edges: network.edgeCount,
                nashWelfareRatio: 1, marketLoss: 0, relativeGap: equilibrium.relativeGap,
                iterations: equilibrium.rounds, marketRounds: equilibrium.rounds, converged: equilibrium.converged,
                equilibrium: summary, utilities: byID(equilibrium.utilities), series: [], seconds: 0)
        }
        switch output.format {
        case .json: try Terminal.printJSON(result)
        case .csv: Terminal.print(Self.csv(result.series), terminator: "")
        case .table: Terminal.print(Self.table(result), terminator: "")
        }
    }

    static func csv(_ series: [RoundRecord]) -> String {
        var text = "sweep,marketRounds,nashWelfareRatio,marketLoss,relativeGap\n"
        for r in series {
            text += "\(r.sweep),\(r.marketRounds),\(r.nashWelfareRatio),\(r.marketLoss),\(r.relativeGap)\n"
        }
        return text
    }

    static func table(_ r: Result) -> String {
        var summary = TextTable(title: "surplus network: \(r.method)", header: ["measure", "value"])
        if let schedule = r.schedule { summary.append(["schedule", schedule]) }
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
        summary.append(["equilibrium seconds", Format.fixed(r.equilibrium.seconds, 3)])
        if r.seconds > 0 { summary.append(["dynamics seconds", Format.fixed(r.seconds, 3)]) }
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
