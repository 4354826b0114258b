import SurplusCore

/// A shared pool with power-law laws, as a value a file or a request body carries:
/// `players` n, `utility` {coefficient A, exponent alpha}, `cost` {coefficient B, exponent beta,
/// populationExponent delta}, `types` a type law ({kind: uniform, low, high}, {kind: beta, a, b}
/// or {kind: empirical, samples}). `model()` validates it.
public struct ProvisioningScenario: Sendable, Hashable, Codable {
    public var players: Int
    public var utility: Utility.PowerLaw
    public var cost: Cost.PowerLaw
    public var types: TypeDistribution

    public init(players: Int, utility: Utility.PowerLaw, cost: Cost.PowerLaw, types: TypeDistribution) {
        self.players = players
        self.utility = utility
        self.cost = cost
        self.types = types
    }

    /// The slides' running example ("Example", "Numerical Example"): u(Q) = (2/3) Q^(1/2),
    /// c(Q) = Q, theta_i ~ U[0, 1], with n = 100 unless told otherwise.
    public static func slidesExample(players: Int = 100) throws -> ProvisioningScenario {
        ProvisioningScenario(
            players: players, utility: .init(coefficient: 2.0 / 3, exponent: 0.5),
            cost: .init(coefficient: 1, exponent: 1), types: try .uniform(low: 0, high: 1))
    }

    /// The validated model (Assumption 1).
    public func model() throws -> PoolModel {
        try PoolModel(
            players: players, utility: .power(coefficient: utility.coefficient, exponent: utility.exponent),
            cost: .power(
                coefficient: cost.coefficient, exponent: cost.exponent, populationExponent: cost.populationExponent),
            types: types)
    }
}

/// Everything known about one pool (slides 003): the posted fee-and-size mechanism of
/// Theorem 1 and the first best always; the second best when it is exact (beta = 2 alpha) or
/// asked for; and, on request, a simulation of the posted mechanism, the equal-contribution
/// schemes and the iterative response. What `surplus provision` prints and a server returns.
public struct ProvisioningStudy: Sendable {
    public let model: PoolModel
    /// Replications of every Monte Carlo estimate (each estimate carries its standard error).
    public let replications: Int
    /// Simulate the posted mechanism at this n (realized welfare, budget surplus, deficit probability).
    public let simulate: Bool
    /// Compute the second best even when it needs Monte Carlo (it is exact when beta = 2 alpha).
    public let alwaysSecondBest: Bool
    /// With the second best, also the variant where nobody may be excluded.
    public let withoutExclusions: Bool
    /// Solve the equal-contribution schemes with this reading of the expected participants; nil: skip them.
    public let equalContribution: ParticipantCounting?
    /// Run the iterative response from this initial pool, as a multiple of Q*; nil: skip it.
    public let iterativeStart: Double?

    /// The reading of the expected participants that reproduces the slides.
    public static let defaultCounting = ParticipantCounting.aPriori
    /// The initial pool of the iterative response, as a multiple of Q*, when none is given.
    public static let defaultIterativeStart = 0.2

    /// Replications when none are given: 400, fewer for large n so that n x replications <= 2e7
    /// (but at least 20).
    public static func defaultReplications(players: Int) -> Int {
        min(400, max(20, 20_000_000 / max(1, players)))
    }

    /// - Throws: `InputError` for a negative `iterativeStart` (field `initialSize`); the
    ///   replications are checked by ``run(_:)`` through `MonteCarloOptions`.
    public init(
        model: PoolModel, replications: Int? = nil, simulate: Bool = false, alwaysSecondBest: Bool = false,
        withoutExclusions: Bool = false, equalContribution: ParticipantCounting? = nil, iterativeStart: Double? = nil
    ) throws {
        self.model = model
        self.replications = replications ?? Self.defaultReplications(players: model.players)
        self.simulate = simulate
        self.alwaysSecondBest = alwaysSecondBest
        self.withoutExclusions = withoutExclusions
        self.equalContribution = equalContribution
        self.iterativeStart = try iterativeStart.map { try Validate.nonNegative($0, "initialSize") }
        guard model.players.multipliedReportingOverflow(by: self.replications).partialValue <= Self.maximumSamples else {
            throw InputError(
                field: "monteCarlo", value: self.replications,
                expected: "at most \(Self.maximumSamples / model.players) replications for n = \(model.players) (n x replications <= 1e10 draws)")
        }
    }

    /// Type draws of one Monte Carlo estimate, n x replications: a few minutes.
    public static let maximumSamples = 10_000_000_000

    /// Runs the study; every Monte Carlo part draws from `run`'s seed on `run`'s threads, and
    /// the study stops between parts once `run` is cancelled.
    public func run(_ run: RunOptions) throws -> ProvisioningReport {
        let options = try MonteCarloOptions(replications: replications, run: run)
        let posted = try PostedMechanism.solve(model)
        let first = FirstBest.solve(model, monteCarlo: options)
        try run.checkCancellation()
        var second: ProvisioningReport.SecondBestSummary?
        var secondBestNote: String?
        if model.types.hasDensity && (SecondBest.isQuadratic(model) || alwaysSecondBest) {
            do {
                let s = try SecondBest.solve(model, monteCarlo: options)
                let without = withoutExclusions ? try SecondBest.solve(model, exclusions: false, monteCarlo: options) : nil
                let ratio = s.welfare / posted.welfare
                second = .init(
                    welfare: s.welfare, standardError: s.standardError, method: s.method, multiplier: s.multiplier,
                    exclusionThreshold: s.exclusionThreshold, ratio: ratio,
                    ratioCoefficient: Double(model.players) * (ratio - 1), withoutExclusions: without)
            } catch let error as ProvisioningError where !alwaysSecondBest {
                // Shown by default only when cheap and applicable; say why it is missing.
                secondBestNote = "second best not computed: \(error)"
            }
        }
        try run.checkCancellation()
        let simulation = simulate ? posted.simulate(model, options: options) : nil
        try run.checkCancellation()
        let schemes = try equalContribution.map { counting in
            [
                try EqualContribution.postSize(model, counting: counting, reference: posted),
                try EqualContribution.postFee(model, counting: counting, reference: posted),
            ]
        }
        let iteration = try iterativeStart.map { start in
            try IterativeResponse.simulate(model, fee: posted.fee, initialSize: posted.size * start, run: run)
        }
        return ProvisioningReport(
            model: .init(
                players: model.players, utility: model.utility.name, cost: model.cost.name, types: model.types.label),
            thresholdType: posted.thresholdType, size: posted.size, fee: posted.fee, welfare: posted.welfare,
            firstBestWelfare: first.expectedWelfare, firstBestStandardError: first.standardError,
            firstBestMethod: first.method,
            welfareShareOfFirstBest: Efficiency.ratio(posted.welfare, of: first.expectedWelfare),
            participation: posted.participation, budgetBinds: posted.budgetBinds,
            expectedBudgetSurplus: posted.expectedBudgetSurplus, secondBest: second, secondBestNote: secondBestNote,
            simulation: simulation,
            equalContribution: schemes, iterativeResponse: iteration)
    }
}

/// The result of a ``ProvisioningStudy`` (its JSON field names are a contract).
public struct ProvisioningReport: Sendable, Codable, Equatable {
    /// The model as labels.
    public struct ModelDescription: Sendable, Codable, Equatable {
        public let players: Int
        public let utility: String
        public let cost: String
        public let types: String
    }

    public struct SecondBestSummary: Sendable, Codable, Equatable {
        /// Phi_n.
        public let welfare: Double
        public let standardError: Double
        /// "exact" or "monteCarlo".
        public let method: String
        /// The Lagrange multiplier lambda.
        public let multiplier: Double
        public let exclusionThreshold: Double
        /// Phi_n / Phi*_n.
        public let ratio: Double
        /// n (Phi_n / Phi*_n - 1): the slides' "0.858" (exact: 7/9 in their example).
        public let ratioCoefficient: Double
        /// The second best where nobody may be excluded, when asked for.
        public let withoutExclusions: SecondBestResult?
    }

    public let model: ModelDescription
    /// theta*.
    public let thresholdType: Double
    /// Q*.
    public let size: Double
    /// phi* = theta* u(Q*).
    public let fee: Double
    /// Phi*_n: the expected welfare of the posted mechanism.
    public let welfare: Double
    public let firstBestWelfare: Double
    public let firstBestStandardError: Double
    /// "exact" or "monteCarlo".
    public let firstBestMethod: String
    /// Phi*_n / first best, a fraction.
    public let welfareShareOfFirstBest: Double
    /// 1 - F(theta*).
    public let participation: Double
    public let budgetBinds: Bool
    public let expectedBudgetSurplus: Double
    public let secondBest: SecondBestSummary?
    /// Why the second best is missing when it was not asked for and does not apply.
    public let secondBestNote: String?
    public let simulation: PostedMechanismSimulation?
    public let equalContribution: [EqualContributionResult]?
    public let iterativeResponse: IterativeResponseResult?
}
