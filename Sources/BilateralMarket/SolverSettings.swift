import SurplusCore

/// Numerical settings of the mean field solver, with their meaning.
///
/// Defaults were chosen by refinement: halving `budgetStep` or raising
/// `budgetCeiling` changes the Table I figures by less than their printed
/// precision (see `BilateralMarketTests/GridRefinementTests`).
public struct SolverSettings: Sendable, Hashable, Codable {
    /// Spacing of the budget grid. Budgets between grid points are handled by
    /// linear interpolation (value function) and linear splitting of mass
    /// (distribution), which preserves the mean.
    public var budgetStep: Double = 0.02
    /// Largest budget on the grid; nil chooses max(Psi.high, k) + `ceilingMargin`.
    /// Mass and values above it are lumped at the top grid point. When s >= k the
    /// lumping is exact for the policy and z: a client with b >= k always bids k and
    /// its budget never falls again, so nothing above k can return to the region
    /// where clients bid 0.
    public var budgetCeiling: Double? = nil
    /// Margin above max(Psi.high, k) of the automatic ceiling.
    public var ceilingMargin: Double = 4
    /// Value iteration stops when a Gauss-Seidel sweep changes no value by more than this.
    public var valueTolerance: Double = 1e-8
    /// The stationary distribution is solved until no mass changes by more than this.
    public var distributionTolerance: Double = 1e-11
    /// Fixed points of gamma are bracketed to this width in z.
    public var fixedPointTolerance: Double = 1e-6
    /// |gamma(z) - z| below this counts as a true fixed point; a bracket narrower than
    /// `fixedPointTolerance` with a larger gap is reported as a discontinuity crossing.
    public var fixedPointResidual: Double = 1e-4
    /// Points of the initial scan of gamma on [0, 1]. The search refines it wherever
    /// gamma's values do not rule out a fixed point (`FixedPointSearch`), so a coarser
    /// scan finds the same fixed points with more refinement steps.
    public var scanPoints: Int = 21
    /// Resolution in z of the fixed-point search: an interval between two evaluations
    /// of gamma is halved until its end values rule out a crossing of the diagonal or
    /// it is narrower than this. Two fixed points closer than this may be reported as
    /// one; every side of a fixed point is refined down to it.
    public var scanResolution: Double = 1e-3
    /// Step h of the one-sided difference quotients of gamma that judge a fixed
    /// point's stability (`FixedPoint.leftSlope`, `rightSlope`).
    public var slopeStep: Double = 1e-4
    /// Loan model: atoms used for the law of the interest a server receives.
    public var interestAtoms: Int = 16
    /// Upper bound on sweeps and on inner fixed-point iterations.
    public var maxIterations: Int = 20_000

    public init() {}

    /// Checks the settings, naming the bad field.
    ///
    /// - Throws: `InputError`.
    public func validate() throws {
        guard budgetStep > 0 && budgetStep <= 1 else {
            throw InputError(field: "budgetStep", value: budgetStep, expected: "a grid step in (0, 1]")
        }
        if let budgetCeiling { try Validate.positive(budgetCeiling, "budgetCeiling") }
        try Validate.count(scanPoints, 2...100_000, "scanPoints")
        // At most about 2 / scanResolution evaluations of gamma are kept.
        try Validate.inRange(scanResolution, 1e-5...1, "scanResolution")
        try Validate.inRange(slopeStep, 1e-7...0.1, "slopeStep")
        try Validate.count(interestAtoms, 1...100_000, "interestAtoms")
    }
}
