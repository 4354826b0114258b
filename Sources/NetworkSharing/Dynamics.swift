import Foundation
import SurplusCore

/// The order in which agents act in the sequential schedule.
public enum AgentOrder: String, NamedChoice {
    /// 0, 1, ..., n-1 every sweep.
    case fixed
    /// A fresh random permutation every sweep (seeded).
    case random
}

/// When agents act (document 004, Sec. 6).
public enum Schedule: Sendable, Equatable {
    /// One agent after another; each sees the allocations of those who acted before it.
    /// One market round = one agent acting; one sweep = n market rounds.
    case sequential(order: AgentOrder)
    /// All agents best-respond to the same allocation and move at once. One market round =
    /// one sweep.
    case simultaneous
    /// Simultaneous, but each agent moves only the fraction `step` in (0, 1) of the way from its
    /// allocation to its best response.
    case damped(step: Double)
}

/// The allocation strategy all agents use.
public enum Strategy: Sendable, Equatable {
    /// The Community Maximizing Allocation Program over the k-hop community (Sec. 5).
    case cmap(schedule: Schedule, community: Int)
    /// Proportional response: split the endowment in proportion to the value each neighbour
    /// sent last round (the "self-maximizing strategy" of Sec. 6). Always simultaneous.
    case proportionalResponse
}

/// One point of a series: the metrics after `marketRounds` market rounds.
public struct RoundRecord: Codable, Sendable, Equatable {
    /// Completed sweeps (a sweep lets every agent act once).
    public var sweep: Int
    /// Market rounds: agents acting one at a time count one each (sequential); a simultaneous
    /// move of all agents counts one.
    public var marketRounds: Int
    public var nashWelfareRatio: Double
    public var marketLoss: Double
    public var relativeGap: Double
}

/// Runs a strategy on a network and records Nash welfare ratio, market loss and the duality
/// gap against a precomputed equilibrium.
public struct Dynamics: Sendable {
    public struct Options: Sendable {
        /// The sweep cap unless a caller says otherwise.
        public static let defaultSweeps = 100
        /// The largest sweep cap a caller may ask for (the series keeps a record per sweep).
        public static let maximumSweeps = 1_000_000

        public let strategy: Strategy
        /// Maximum sweeps.
        public let sweeps: Int
        /// Stop after a sweep whose relative gap is at most this ("converged").
        public let tolerance: Double
        /// The start; a random one draws from the run's initial-shares stream.
        public let initial: InitialAllocation
        /// Record the series every this many market rounds; nil records once per sweep. Within
        /// sequential sweeps (n market rounds each) it adds records between the sweeps' own; for
        /// the other schedules and proportional response (one market round per sweep) it thins
        /// them to every this many sweeps, which is also when convergence is checked (the last
        /// sweep is always recorded). Metrics cost more than a proportional-response round on a
        /// large graph, so a caller that wants speed records sparsely.
        public let recordInterval: Int?

        /// - Throws: `InputError` for a sweep cap (`iterations`) outside 0...`maximumSweeps`, a tolerance that is not
        ///   a finite number > 0, a negative community radius, a damping step outside (0, 1) or a
        ///   record interval below 1.
        public init(strategy: Strategy, sweeps: Int = defaultSweeps, tolerance: Double = Equilibrium.Options.defaultTolerance,
                    initial: InitialAllocation = .uniform, recordInterval: Int? = nil) throws {
            self.sweeps = try Validate.count(sweeps, 0...Self.maximumSweeps, "iterations")
            self.tolerance = try Validate.positive(tolerance, "tolerance")
            if case let .cmap(schedule, community) = strategy {
                try Validate.count(community, 0...Int.max, "community")
                if case let .damped(step) = schedule, !(step > 0 && step < 1) {
                    throw InputError(field: "damping", value: step, expected: "a number in (0, 1)")
                }
            }
            if let recordInterval { try Validate.count(recordInterval, 1...Int.max, "recordEvery") }
            self.strategy = strategy
            self.initial = initial
            self.recordInterval = recordInterval
        }
    }

    public let allocation: Allocation
    public let utilities: [Double]
    /// Metrics of the final allocation.
    public let metrics: WelfareMetrics
    /// Sweep 0 is the initial allocation.
    public let series: [RoundRecord]
    public let sweeps: Int
    public let marketRounds: Int
    /// Whether a sweep ended with relative gap <= tolerance.
    public let converged: Bool

    /// Runs `options.strategy` on `network`, measuring against `reference`, on `run.threads`
    /// threads (the result does not depend on them); the random order and a random start draw
    /// from the streams of `run.seed`. Reports the sweeps to `run.progress`.
    ///
    /// - Throws: `CancellationError` once `run` is cancelled (checked every sweep).
    public static func run(
        _ network: SharingNetwork, reference: Equilibrium, options: Options, run: RunOptions
    ) throws -> Dynamics {
        let n = network.agentCount
        let workspace = Workspace(
            network: network, initial: options.initial.allocation(on: network, options: run), threads: run.threads)
        var series: [RoundRecord] = []
        var rounds = 0
        var sweep = 0
        func record() -> WelfareMetrics {
            let m = workspace.metrics(reference: reference)
            series.append(RoundRecord(sweep: sweep, marketRounds: rounds, nashWelfareRatio: m.nashWelfareRatio,
                                      marketLoss: m.marketLoss, relativeGap: m.relativeGap))
            return m
        }
        var last = record()
        var converged = last.relativeGap <= options.tolerance
        var orderRNG = run.stream(.agentOrder)
        var order = Array(0..<n)
        var streaming = false
        let sequential = if case .cmap(.sequential, _) = options.strategy { true } else { false }
        while sweep < options.sweeps && !converged {
            try run.checkCancellation()
            // Whether this sweep ends with a record (and a convergence check).
            let recorded = sequential || sweep + 1 == options.sweeps
                || options.recordInterval.map { (rounds + 1) % $0 == 0 } ?? true
            switch options.strategy {
            case .proportionalResponse:
                if sweep == 0 { streaming = workspace.beginProportionalResponse() }
                if streaming {
                    // `beginProportionalResponse` itself makes the first round.
                    if sweep > 0 { workspace.streamingProportionalResponseRound() }
                    if recorded { workspace.materializeProportionalResponse() }
                } else {
                    workspace.proportionalResponseRound()
                    workspace.swapBuffers()
                    workspace.computeUtilities()
                }
                rounds += 1
            case let .cmap(schedule, community):
                switch schedule {
                case let .sequential(agentOrder):
                    if agentOrder == .random { order.shuffle(using: &orderRNG) }
                    for i in order {
                        if community >= 1 { workspace.sequentialStep(agent: i) }
                        rounds += 1
                        if let interval = options.recordInterval, rounds % interval == 0, rounds % n != 0 {
                            _ = record()
                        }
                    }
                case .simultaneous:
                    if community >= 1 { workspace.simultaneousSweep(step: 1) }
                    rounds += 1
                case let .damped(step):
                    if community >= 1 { workspace.simultaneousSweep(step: step) }
                    rounds += 1
                }
            }
            sweep += 1
            // Sequential steps update utilities in place; recompute them once a sweep against drift.
            if sequential { workspace.computeUtilities() }
            if recorded {
                last = record()
                converged = last.relativeGap <= options.tolerance
            }
            run.report("sweeps", sweep, of: options.sweeps)
        }
        return Dynamics(
            allocation: workspace.allocation(), utilities: workspace.utilityArray(), metrics: last,
            series: series, sweeps: sweep, marketRounds: rounds, converged: converged)
    }
}
