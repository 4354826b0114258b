import Experiments
import Provisioning
import SurplusCore

/// The posted fee phi of the shared pool's fee-and-size mechanism (slides 003, Theorem 1)
/// that maximizes expected welfare, found on the curve of welfare against the fee.
///
/// Each fee is reached by a threshold type t: the size q(t) is the one P*'s inner problem
/// sets (``PostedMechanism/outcome(at:_:)``) and the fee is phi(t) = t u(q(t)). The fee is
/// not monotone in t (in the slides' example it rises to 2n/(27 sqrt 3) and falls back to
/// 0 at t = 1), so the welfare at phi is the best over every threshold posting phi. Its
/// maximum over phi is Phi*_n at phi* = theta* u(Q*), which the result checks against
/// ``PostedMechanism/solve(_:)`` (slides' example: phi* = n/48, Phi*_n = 3 n^2/128).
public enum FeeDesign {
    /// Thresholds tabulated over the type support to find every t with phi(t) = phi.
    public static let thresholdPoints = 2_001

    /// Maximizes the expected welfare over the fee, from 0 to the largest fee any threshold
    /// posts, with ``CurveMaximum/search(over:gridPoints:tolerance:objective:)``; progress
    /// counts the grid's evaluations.
    /// - Throws: `ProvisioningError.noSolution` when no threshold gives positive welfare with
    ///   the fees covering the cost; `InputError` for a grid or tolerance out of bounds.
    public static func optimize(
        _ model: PoolModel, gridPoints: Int = 26, tolerance: Double = 1e-3, options: RunOptions
    ) throws -> DesignOptimum {
        let reference = try PostedMechanism.solve(model)
        let (low, high) = (model.types.low, model.types.high)
        let thresholds = (0..<thresholdPoints).map { low + (high - low) * Double($0) / Double(thresholdPoints - 1) }
        let fees = thresholds.map { PostedMechanism.outcome(at: $0, model).fee }
        let domain = 0...max(fees.max() ?? 0, reference.fee)
        var evaluations = 0
        let maximum = try CurveMaximum.search(over: domain, gridPoints: gridPoints, tolerance: tolerance) { fee in
            try options.checkCancellation()
            evaluations += 1
            options.report("optimize fee", min(evaluations, gridPoints), of: gridPoints)
            return welfare(atFee: fee, model, thresholds: thresholds, fees: fees)
        }
        let agrees = abs(maximum.optimum - reference.fee) <= tolerance
        return DesignOptimum(
            objective: "welfare", parameter: "fee", domain: domain, maximum: maximum,
            reference: ReferenceOptimum(
                source: "PostedMechanism.solve (problem P*)", optimum: reference.fee, value: reference.welfare, agrees: agrees))
    }

    /// The best expected welfare over the thresholds t whose fee phi(t) equals `fee`: each
    /// tabulated cell where phi(t) - fee changes sign is bisected to the crossing (to double
    /// precision; where phi jumps, as for the empirical law, to the jump). 0 when no
    /// threshold posts the fee.
    static func welfare(atFee fee: Double, _ model: PoolModel, thresholds: [Double], fees: [Double]) -> Double {
        var best = 0.0
        for i in 0..<(thresholds.count - 1) {
            let (fa, fb) = (fees[i] - fee, fees[i + 1] - fee)
            guard (fa <= 0 && fb >= 0) || (fa >= 0 && fb <= 0) else { continue }
            var (a, b) = (thresholds[i], thresholds[i + 1])
            let rising = fb > fa
            for _ in 0..<60 {
                let m = (a + b) / 2
                if (PostedMechanism.outcome(at: m, model).fee < fee) == rising { a = m } else { b = m }
            }
            best = max(best, PostedMechanism.outcome(at: (a + b) / 2, model).welfare)
        }
        return best
    }
}

extension FeeDesign {
    /// The most pool sizes one curve tabulates.
    public static let maximumCurvePoints = 10_000

    /// The posted fee phi*_n of P* (``PostedMechanism/solve(_:)``, exact) against the number of
    /// peers n, at `points` sizes evenly spaced over `players` (rounded, each once); the slides'
    /// example gives phi*_n = n/48.
    /// - Throws: `InputError` for a range below 1 or a count out of bounds;
    ///   `ProvisioningError.noSolution` when some n has no posted mechanism.
    public static func feeAgainstPlayers(
        _ model: PoolModel, players: ClosedRange<Int>, points: Int, options: RunOptions
    ) throws -> FeeCurve {
        guard players.lowerBound >= 1 else {
            throw InputError(field: "players-range", value: "\(players.lowerBound):\(players.upperBound)", expected: "LO:HI with 1 <= LO <= HI")
        }
        _ = try Validate.count(points, 1...maximumCurvePoints, "grid")
        let span = Double(players.upperBound - players.lowerBound)
        let sizes = points == 1 ? [players.lowerBound] : (0..<points).map {
            players.lowerBound + Int((span * Double($0) / Double(points - 1)).rounded())
        }
        var curve: [CurveMaximum.Sample] = []
        for (i, n) in sizes.enumerated() where i == 0 || n != sizes[i - 1] {
            try options.checkCancellation()
            let mechanism = try PostedMechanism.solve(model.with(players: n))
            curve.append(CurveMaximum.Sample(x: Double(n), y: mechanism.fee))
            options.report("optimal fee against n", i + 1, of: sizes.count)
        }
        return FeeCurve(objective: "fee", parameter: "players", domain: [Double(players.lowerBound), Double(players.upperBound)], curve: curve)
    }
}

/// The optimal posted fee against the number of peers: `curve` holds {x: n, y: phi*_n}.
public struct FeeCurve: Sendable, Codable, Equatable {
    public let objective: String
    public let parameter: String
    public let domain: [Double]
    public let curve: [CurveMaximum.Sample]
}
