import Foundation

/// The two measures the poster names (document 004, Sec. 6) without defining them; these are
/// the definitions Surplus uses (see the module article).
///
/// - **Nash social welfare** NSW(u) = exp( sum_j w_j log u_j / sum_j w_j ): the geometric mean of
///   the utilities weighted by w_j = epsilon_j v_j, i.e. the poster's objective (Sec. 5) on a
///   per-unit-of-weight scale. The **Nash welfare ratio** NSW(u) / NSW(u*) in (0, 1] compares an
///   allocation with the equilibrium u* (1 at the equilibrium; 0.98 means utilities are 2% below
///   the equilibrium's in the weighted geometric mean).
/// - **Market loss** sum_j max(0, u*_j - u_j) / sum_j u*_j in [0, 1]: the share of the value
///   traded each round that does not reach the agent the equilibrium gives it to. Every feasible
///   allocation delivers the same total value sum_j w_j, so the loss is never in the total, only
///   in who gets it; this is half the L1 distance between u and u*, relative to the total.
public struct WelfareMetrics: Codable, Sendable, Equatable {
    /// NSW(u) / NSW(u*), computed as exp((P - P*) / sum_j w_j): one exponential of the
    /// difference of objectives, not a quotient of two welfares (so not `Efficiency.ratio`).
    public var nashWelfareRatio: Double
    /// sum_j max(0, u*_j - u_j) / sum_j u*_j.
    public var marketLoss: Double
    /// The allocation's own duality gap (D - P) / sum_j w_j (see `Equilibrium`).
    public var relativeGap: Double
    /// P = sum_j w_j log u_j.
    public var objective: Double

    public init(nashWelfareRatio: Double, marketLoss: Double, relativeGap: Double, objective: Double) {
        self.nashWelfareRatio = nashWelfareRatio
        self.marketLoss = marketLoss
        self.relativeGap = relativeGap
        self.objective = objective
    }

    /// The metrics of `allocation` against the equilibrium `reference`.
    public static func of(_ allocation: Allocation, on network: SharingNetwork, reference: Equilibrium) -> WelfareMetrics {
        let workspace = Workspace(network: network, initial: allocation, threads: 1)
        return workspace.metrics(reference: reference)
    }
}

extension Workspace {
    /// The metrics of the current allocation (utilities must be current).
    func metrics(reference: Equilibrium) -> WelfareMetrics {
        let measured = reference.utilities.withUnsafeBufferPointer { measure(reference: $0) }
        let total = reference.totalWeight
        guard total > 0 else { return WelfareMetrics(nashWelfareRatio: 1, marketLoss: 0, relativeGap: 0, objective: 0) }
        return WelfareMetrics(
            nashWelfareRatio: exp((measured.objective - reference.objective) / total),
            marketLoss: measured.shortfall / total,
            relativeGap: measured.gap / total,
            objective: measured.objective)
    }
}
