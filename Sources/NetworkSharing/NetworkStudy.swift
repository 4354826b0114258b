import SurplusCore

/// One run of a sharing network as a front end asks for it (document 004, Sec. 5 and 6): the
/// network's equilibrium (the poster's centralized program), then, unless the method is the
/// equilibrium itself, CMAP or proportional response measured against it. Validated once, in
/// the initializer.
public struct NetworkStudy: Sendable {
    /// What to compute.
    public enum Method: String, NamedChoice {
        /// The Community Maximizing Allocation Program (Sec. 5) under a schedule.
        case cmap
        /// Proportional response, the self-maximizing strategy of Sec. 6.
        case proportional
        /// The centralized program's optimum alone.
        case equilibrium
    }

    /// A CMAP schedule by name (`Schedule` without its order or step).
    public enum ScheduleName: String, NamedChoice {
        case sequential, simultaneous, damped
    }

    /// What a run has finished, for a caller that times the parts (the module keeps no clock).
    public enum Phase: Sendable {
        case equilibrium, dynamics
    }

    /// The community radius k (hops) unless a caller says otherwise.
    public static let defaultCommunity = 1
    /// The step of the damped schedule unless a caller says otherwise.
    public static let defaultDamping = 0.5

    public let method: Method
    /// The schedule CMAP runs (nil for the other methods).
    public let schedule: ScheduleName?
    /// CMAP's community radius k (nil for the other methods).
    public let community: Int?
    public let equilibrium: Equilibrium.Options
    /// The dynamics (nil for the equilibrium method).
    public let dynamics: Dynamics.Options?

    /// - Parameters:
    ///   - order: the agent order of the sequential schedule.
    ///   - damping: the step of the damped schedule, in (0, 1).
    ///   - iterations: the sweep cap of the dynamics.
    ///   - tolerance: the relative duality gap at which the equilibrium and the dynamics count as converged.
    ///   - recordInterval: record the series every this many market rounds (see `Dynamics.Options`).
    ///   - solver: how the equilibrium is computed (default: the accelerated solver).
    /// - Throws: `InputError` naming the field (see `Dynamics.Options` and `Equilibrium.Options`);
    ///   only the settings the method uses are checked.
    public init(
        method: Method = .cmap, schedule: ScheduleName = .sequential, order: AgentOrder = .fixed,
        damping: Double = defaultDamping, community: Int = defaultCommunity,
        iterations: Int = Dynamics.Options.defaultSweeps, tolerance: Double = Equilibrium.Options.defaultTolerance,
        initial: InitialAllocation = .uniform, recordInterval: Int? = nil, solver: Equilibrium.Solver = .accelerated
    ) throws {
        let strategy: Strategy? = switch method {
        case .equilibrium: nil
        case .proportional: .proportionalResponse
        case .cmap:
            switch schedule {
            case .sequential: .cmap(schedule: .sequential(order: order), community: community)
            case .simultaneous: .cmap(schedule: .simultaneous, community: community)
            case .damped: .cmap(schedule: .damped(step: damping), community: community)
            }
        }
        dynamics = try strategy.map {
            try Dynamics.Options(
                strategy: $0, sweeps: iterations, tolerance: tolerance, initial: initial, recordInterval: recordInterval)
        }
        equilibrium = try Equilibrium.Options(tolerance: tolerance, solver: solver)
        self.method = method
        self.schedule = method == .cmap ? schedule : nil
        self.community = method == .cmap ? community : nil
    }

    /// Solves the equilibrium of `network`, then runs the dynamics against it, on
    /// `options.threads` threads (no number depends on them), with one progress bar over both;
    /// `finished` hears the end of each part.
    ///
    /// - Throws: `CancellationError` once `options` is cancelled.
    public func run(
        _ network: SharingNetwork, options: RunOptions, finished: ((Phase) -> Void)? = nil
    ) throws -> NetworkRun {
        let stages = ProgressStages(dynamics == nil ? ["equilibrium"] : ["equilibrium", "dynamics"],
                                    reportingTo: options.progress)
        stages.begin(0)
        let reference = try Equilibrium.solve(network, options: equilibrium, run: options.reporting(to: stages.within(0)))
        finished?(.equilibrium)
        let summary = NetworkRun.EquilibriumSummary(reference)
        func byID(_ u: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(network.ids, u)) }
        guard let dynamics else {
            stages.finish()
            // The equilibrium measured against itself.
            return NetworkRun(
                method: method, schedule: nil, community: nil, agents: network.agentCount, edges: network.edgeCount,
                nashWelfareRatio: 1, marketLoss: 0, relativeGap: reference.relativeGap, iterations: reference.rounds,
                marketRounds: reference.rounds, converged: reference.converged, equilibrium: summary,
                utilities: byID(reference.utilities), series: [])
        }
        stages.begin(1)
        let run = try Dynamics.run(
            network, reference: reference, options: dynamics, run: options.reporting(to: stages.within(1)))
        finished?(.dynamics)
        stages.finish()
        return NetworkRun(
            method: method, schedule: schedule, community: community, agents: network.agentCount,
            edges: network.edgeCount, nashWelfareRatio: run.metrics.nashWelfareRatio, marketLoss: run.metrics.marketLoss,
            relativeGap: run.metrics.relativeGap, iterations: run.sweeps, marketRounds: run.marketRounds,
            converged: run.converged, equilibrium: summary, utilities: byID(run.utilities), series: run.series)
    }
}

/// What a `NetworkStudy` found: the final metrics (`WelfareMetrics`) against the equilibrium,
/// the counts, the utilities by agent id and the series.
public struct NetworkRun: Codable, Sendable, Equatable {
    /// The equilibrium the run is measured against.
    public struct EquilibriumSummary: Codable, Sendable, Equatable {
        /// Its certificate (see `Equilibrium`).
        public let relativeGap: Double
        /// Proportional-response rounds the solver ran.
        public let rounds: Int
        public let converged: Bool
        /// Its Nash social welfare (see `WelfareMetrics`).
        public let nashWelfare: Double

        init(_ equilibrium: Equilibrium) {
            relativeGap = equilibrium.relativeGap
            rounds = equilibrium.rounds
            converged = equilibrium.converged
            nashWelfare = equilibrium.nashWelfare
        }
    }

    public let method: NetworkStudy.Method
    public let schedule: NetworkStudy.ScheduleName?
    public let community: Int?
    public let agents: Int
    public let edges: Int
    /// NSW(u) / NSW(u*) of the final allocation (1 for the equilibrium method).
    public let nashWelfareRatio: Double
    /// The final market loss (0 for the equilibrium method).
    public let marketLoss: Double
    /// The final allocation's relative duality gap.
    public let relativeGap: Double
    /// Sweeps of the dynamics, or rounds of the equilibrium solver.
    public let iterations: Int
    public let marketRounds: Int
    public let converged: Bool
    public let equilibrium: EquilibriumSummary
    /// u_j of the final allocation by agent id.
    public let utilities: [String: Double]
    /// Sweep 0 is the initial allocation (empty for the equilibrium method).
    public let series: [RoundRecord]
}
