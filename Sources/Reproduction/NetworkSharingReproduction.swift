import Foundation
import NetworkSharing
import Reports
import SurplusCore

/// Document 004 (poster, Community Maximizing Allocation Program): the claims
/// of Sec. 6 checked on seeded Erdos-Renyi and Barabasi-Albert graphs with
/// log-normal endowments and values, and the Nash welfare / market loss of
/// CMAP and proportional response redrawn over market rounds on one graph.
///
/// Rounds follow the module's definitions (`Schedule`, `RoundRecord`): a
/// *market round* is one agent acting for sequential CMAP and one move of
/// every agent for simultaneous CMAP and proportional response; a *sweep*
/// lets every agent act once (n market rounds for sequential CMAP, one for
/// the others).
package enum NetworkSharingReproduction: DocumentReproduction {
    static let documentID = "004"
    static let progressName = "004 network sharing"

    package static func section(_ options: ReproductionOptions) throws -> ReportSection {
        let study = Study(options)
        let stages = ProgressStages(["random graphs", "four-ring and k >= 1", "figures"], reportingTo: options.run.progress)
        stages.begin(0)
        let graphs = try study.graphs()
        let runs = study.run(graphs)
        stages.begin(1)
        var comparisons = try study.claims(runs)
        comparisons += try study.fourRing()
        comparisons.append(try study.communitySizes(graphs[0]))
        stages.begin(2)
        let figures = try study.figures(graphs[0])
        stages.finish()
        return ReportSection(
            id: "004",
            title: "Community Maximizing Allocation Program (CMAP poster)",
            source: "004_81219a45edb64267.txt",
            summary: """
                \(study.seedsPerFamily) Erdos-Renyi graphs (n = \(study.agents), mean degree 6) and \(study.seedsPerFamily) \
                Barabasi-Albert graphs (n = \(study.agents), m = 2), log-normal(0, 1) endowments and values, equal initial \
                shares. Each is solved for its equilibrium (the poster's centralized program, relative duality gap \
                \(study.equilibriumGap)), then run with sequential CMAP (k = 1, fixed order), simultaneous CMAP and \
                proportional response. The four-ring and the community size k are checked on their own.
                """,
            comparisons: comparisons,
            figures: figures,
            notes: [
                "The poster defines neither Nash social welfare nor market loss; Surplus's definitions (`WelfareMetrics`): "
                    + "the Nash welfare ratio is the eps v-weighted geometric mean of utilities over the equilibrium's, "
                    + "the market loss the share of the traded value that does not reach the agent the equilibrium gives it to.",
                "The poster gives no graphs, sizes or weights; the random families and n are the earlier work's choice.",
                "CMAP is solved exactly (water-filling with Michelot's active-set method), so it is exact block coordinate "
                    + "ascent on the centralized program; the poster's \"numerical implementation\" may have stopped earlier.",
            ])
    }

    /// One random graph of the study: its family, its seed and the network.
    typealias Graph = (family: String, seed: UInt64, network: SharingNetwork)

    /// Sizes and seeds: full or quick; graph k of each family is drawn from the options
    /// `derived(.sharingGraph, k)`.
    struct Study {
        /// The options of the whole section: its seed and the threads the graphs share.
        let run: RunOptions
        /// One thread and no progress: every solve and run of one graph (graphs run in parallel).
        let serial: RunOptions
        let agents: Int
        let seedsPerFamily: Int
        /// Sweep caps of sequential and simultaneous CMAP.
        let sequentialSweeps: Int
        let simultaneousSweeps: Int
        /// Market rounds drawn in the figures.
        let figureRounds: Int
        let equilibriumGap = 1e-8
        /// "Converged": the allocation's own relative duality gap at most this.
        let convergedGap = 1e-6

        init(_ options: ReproductionOptions) {
            run = options.run
            serial = options.run.limited(toThreads: 1).reporting(to: nil)
            agents = options.quick ? 60 : 200
            seedsPerFamily = options.quick ? 2 : 20
            sequentialSweeps = options.quick ? 200 : 400
            simultaneousSweeps = 100
            figureRounds = options.quick ? 300 : 2_000
        }

        func graphs() throws -> [Graph] {
            var out: [Graph] = []
            for k in 0..<seedsPerFamily {
                let options = serial.derived(.sharingGraph, k)
                out.append(("Erdos-Renyi", options.seed,
                            try NetworkGenerator(topology: .erdosRenyi(n: agents, degree: 6)).generate(options)))
                out.append(("Barabasi-Albert", options.seed,
                            try NetworkGenerator(topology: .barabasiAlbert(n: agents, m: 2)).generate(options)))
            }
            return out
        }

        func equilibrium(_ network: SharingNetwork) throws -> Equilibrium {
            try Equilibrium.solve(network, options: try Equilibrium.Options(tolerance: equilibriumGap), run: serial)
        }

        func dynamics(
            _ network: SharingNetwork, _ eq: Equilibrium, _ strategy: Strategy, sweeps: Int,
            tolerance: Double, recordInterval: Int? = nil, initial: InitialAllocation = .uniform
        ) throws -> Dynamics {
            let options = try Dynamics.Options(
                strategy: strategy, sweeps: sweeps, tolerance: tolerance, initial: initial, recordInterval: recordInterval)
            return try Dynamics.run(network, reference: eq, options: options, run: serial)
        }
    }
}

extension StreamName {
    /// The random graphs of the 004 section: graph k of each family is drawn with seed `derived(.sharingGraph, k)`.
    package static let sharingGraph = StreamName(0, "004 random graphs")
}
