import BilateralMarket
import Foundation
import SurplusCore

/// A live bilateral population beside the theory for the same market (paper 000): the mean
/// field equilibrium `surplus mfe` computes (Theorem 2) and the population Monte Carlo
/// `surplus simulate` runs with the same N, periods, burn-in and seed (start from Psi, the
/// equilibrium policy). The agents play the policy of the very equilibrium shown.
public struct LiveMeetsTheory: Sendable, Encodable {
    /// The mean field's figures: 1 - z, z and the stationary mean budget (share-weighted).
    public struct MeanField: Sendable, Encodable {
        public var tradeRatio: Double
        public var zeroBidProbability: Double
        public var meanBudget: Double
        public var converged: Bool
        public var types: [TypeFigure]
    }

    /// `surplus simulate`'s figures (standard errors by batch means over its periods,
    /// `SimulationResult`).
    public struct Simulated: Sendable, Encodable {
        public var tradeRatio: Double
        public var tradeRatioStandardError: Double
        public var zeroBidProbability: Double
        public var zeroBidStandardError: Double
        public var meanBudget: Double
        public var agents: Int
        public var periods: Int
        public var burnIn: Int
        public var types: [TypeFigure]
    }

    public struct TypeFigure: Sendable, Encodable {
        public var name: String
        public var zeroBidProbability: Double
    }

    public var live: LivePopulationRun
    public var meanField: MeanField
    public var simulated: Simulated
    /// Whether the ledger balanced after the run (`GET /v1/ledger`).
    public var ledgerBalanced: Bool

    /// Solves the market's equilibrium, drives `market` with a population playing its policy,
    /// then simulates the same settings.
    ///
    /// - Throws: `InputError` for bad settings or parameters, ``MarketClientError`` for a
    ///   refused request, `CancellationError` once cancelled.
    public static func run(
        client: any MarketClient, market: String, scenario: MarketScenario, settings: BilateralAgentSettings,
        solver: SolverSettings = SolverSettings(), options: RunOptions,
        observer: (@Sendable (PeriodLog) -> Void)? = nil
    ) async throws -> LiveMeetsTheory {
        let parameters = try scenario.parameters()
        try settings.validate(price: parameters.price)
        let equilibrium = try scenario.solve(settings: solver, options: options).equilibrium
        let population = try BilateralPopulation(
            client: client, market: market, parameters: parameters, policies: equilibrium.types.map(\.policy),
            settings: settings)
        let live = try await population.run(options: options, observer: observer)
        let balanced = try await client.ledgerTotals().balanced

        var simulation = SimulationSettings()
        simulation.agents = settings.agents
        simulation.periods = settings.periods
        simulation.burnIn = settings.burnIn
        simulation.start = .initialLaw
        simulation.behaviour = .equilibrium
        let simulated = try PopulationSimulation(
            market: parameters, settings: simulation, equilibrium: equilibrium, solver: solver
        ).run(options: options)

        return LiveMeetsTheory(
            live: live,
            meanField: MeanField(
                tradeRatio: equilibrium.tradeRatio, zeroBidProbability: equilibrium.zeroBidProbability,
                meanBudget: equilibrium.types.reduce(0) { $0 + $1.share * $1.meanBudget }, converged: equilibrium.converged,
                types: equilibrium.types.map { TypeFigure(name: $0.name, zeroBidProbability: $0.zeroBidProbability) }),
            simulated: Simulated(
                tradeRatio: simulated.tradeRatio, tradeRatioStandardError: simulated.tradeRatioStandardError,
                zeroBidProbability: simulated.zeroBidProbability, zeroBidStandardError: simulated.zeroBidStandardError,
                meanBudget: simulated.meanBudget, agents: simulated.agents, periods: simulated.periods, burnIn: simulated.burnIn,
                types: simulated.types.map { TypeFigure(name: $0.name, zeroBidProbability: $0.zeroBidProbability) }),
            ledgerBalanced: balanced)
    }
}
