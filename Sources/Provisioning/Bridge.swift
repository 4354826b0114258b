import Foundation
import SurplusCore

/// The bridge of slides 003 ("Example: A Bridge", "Optimal mechanism design for the
/// bridge"): n = 2 users with theta_1, theta_2 ~ U[0, 1] i.i.d.; building costs 1.
///
/// Every expectation here is a double integral of a piecewise polynomial, computed by
/// Gauss-Legendre on the pieces (the kinks theta_1 + theta_2 = 1 or 1.25, theta_i = 1/4 and
/// 1/2 are passed as breakpoints), so the values are exact to rounding.
public enum Bridge {
    /// A fee rule of the slides (all build iff theta_1 + theta_2 >= 1.25 except `fixedFee`).
    public enum FeeRule: String, NamedChoice {
        /// p_i = theta_i^2/2 - 1/32 if theta_i > 1/4, else 0 (ex-ante budget balance only).
        case virtualValue
        /// p_1 = (1/2) 1{build} + (3/32 - theta_1(1 - theta_1)/2) 1{theta_1 >= 1/4}
        ///       - (3/32 - theta_2(1 - theta_2)/2) 1{theta_2 >= 1/4}: ex-post budget balance.
        case budgetBalanced
        /// p_1 = ((theta_1 - theta_2)/3 + 1/2) 1{build}: also p >= 0, nothing paid unless built.
        case proportional
        /// A usage fee of 1/2; the bridge is built iff both users accept (theta_i >= 1/2).
        case fixedFee
    }

    /// The build threshold of the second best: the bridge is built iff theta_1 + theta_2 >= 1.25.
    public static let secondBestThreshold = 1.25

    /// Whether the bridge is built at reports (t1, t2) under `rule`.
    public static func builds(_ rule: FeeRule, _ t1: Double, _ t2: Double) -> Bool {
        switch rule {
        case .fixedFee: return t1 >= 0.5 && t2 >= 0.5
        default: return t1 + t2 >= secondBestThreshold
        }
    }

    /// The fee user 1 pays at reports (t1, t2) (user 2's is `fee(rule, t2, t1)`).
    public static func fee(_ rule: FeeRule, _ t1: Double, _ t2: Double) -> Double {
        let build = builds(rule, t1, t2) ? 1.0 : 0.0
        switch rule {
        case .virtualValue:
            return t1 > 0.25 ? t1 * t1 / 2 - 1.0 / 32 : 0
        case .budgetBalanced:
            let own = t1 >= 0.25 ? 3.0 / 32 - t1 * (1 - t1) / 2 : 0
            let other = t2 >= 0.25 ? 3.0 / 32 - t2 * (1 - t2) / 2 : 0
            return build / 2 + own - other
        case .proportional:
            return ((t1 - t2) / 3 + 0.5) * build
        case .fixedFee:
            return 0.5 * build
        }
    }

    static let kinks: [Double] = [0.25, 0.5, 0.75, 1.0]

    /// E over theta_1, theta_2 ~ U[0, 1] of h(theta_1, theta_2), whose kinks lie on the lines
    /// theta_1 + theta_2 = 1, 1.25 or any of `sums`.
    static func expectation(sums: [Double] = [], _ h: (Double, Double) -> Double) -> Double {
        Quadrature.integrate(0, 1, breakpoints: kinks + sums.flatMap { [$0, $0 - 1] }, pieces: 2) { t1 in
            Quadrature.integrate(0, 1, breakpoints: kinks + ([1, 1.25] + sums).map { $0 - t1 }, pieces: 1) { t2 in
                h(t1, t2)
            }
        }
    }

    /// First-best welfare E[(theta_1 + theta_2 - 1)^+] = 1/6.
    public static func firstBestWelfare() -> Double {
        expectation { t1, t2 in max(0, t1 + t2 - 1) }
    }

    /// The ex-ante budget constraint of the second best, E[(g_1 + g_2 - 1) 1{S >= s}] with
    /// g_i = 2 theta_i - 1, as a function of the build threshold s; its root is 1.25.
    public static func secondBestThresholdByRoot() throws -> Double {
        let constraint = { (s: Double) -> Double in
            expectation(sums: [s]) { t1, t2 in t1 + t2 >= s ? 2 * t1 + 2 * t2 - 3 : 0 }
        }
        // The constraint also vanishes at s = 2 (nothing built); the bracket excludes that root.
        return try SurplusCoreRoot.brent(1.0, 1.75, tolerance: 1e-13) { constraint($0) }
    }

    /// Audit of one fee rule: welfare, budget balance, individual rationality and
    /// incentive compatibility on a grid of true types and misreports.
    public struct Audit: Sendable, Codable, Equatable {
        public let rule: FeeRule
        /// E[(theta_1 + theta_2 - 1) 1{build}].
        public let welfare: Double
        /// E[p_1 + p_2] - P(build): the ex-ante budget balance (0 = balanced).
        public let expectedBudgetSurplus: Double
        /// max |p_1 + p_2 - 1{build}| over the grid: 0 iff ex-post budget balanced.
        public let maxExPostImbalance: Double
        /// min over the grid of the interim utility E_{theta_2}[theta_1 1{build} - p_1] (>= 0: interim IR).
        public let minInterimUtility: Double
        /// min over the grid of theta_1 1{build} - p_1 (>= 0: ex-post IR).
        public let minExPostUtility: Double
        /// max over true theta_1 and misreport theta_1' of the interim gain from lying (<= 0: Bayesian IC).
        public let maxInterimDeviationGain: Double
        /// max over (theta_1, theta_1', theta_2) of the ex-post gain from lying (<= 0: dominant-strategy IC).
        public let maxExPostDeviationGain: Double
        /// The minimum fee over the grid (>= 0: no user is ever paid).
        public let minFee: Double
        /// The largest fee charged when the bridge is not built.
        public let maxFeeWhenNotBuilt: Double
    }

    /// Grid points per axis of the audits by default.
    public static let defaultGridPoints = 41
    /// The most grid points per axis (an audit takes gridPoints^3 steps).
    public static let maximumGridPoints = 1001

    /// The whole bridge example: first best, the second best's build threshold, and every fee rule audited.
    public struct Summary: Sendable, Codable, Equatable {
        /// E[(theta_1 + theta_2 - 1)^+] (slides: 1/6).
        public let firstBestWelfare: Double
        /// The build threshold of the second best, as the root of its budget constraint (slides: 1.25).
        public let secondBestThreshold: Double
        /// The audit of each rule, in `FeeRule.allCases` order.
        public let rules: [Audit]
    }

    /// The first best, the second best's threshold by root finding, and every rule audited on a
    /// `gridPoints` x `gridPoints` grid, the rules side by side on `run.threads` threads (each audit
    /// is deterministic, so the summary does not depend on them). Progress counts the audits done;
    /// a cancelled run stops before its next audit.
    public static func summary(gridPoints: Int = defaultGridPoints, run: RunOptions = .serial) throws -> Summary {
        let rules = FeeRule.allCases
        let done = Counter()
        let audits = Parallel.map(chunks: rules.count, threads: run.threads) { i in
            Result {
                try run.checkCancellation()
                let result = try audit(rules[i], gridPoints: gridPoints)
                run.report("bridge audits", done.add(1), of: rules.count)
                return result
            }
        }
        return Summary(
            firstBestWelfare: firstBestWelfare(), secondBestThreshold: try secondBestThresholdByRoot(),
            rules: try audits.map { try $0.get() })
    }

    /// Audits `rule` on a grid of `gridPoints` x `gridPoints` types (and as many misreports).
    /// - Throws: `InputError` unless 3 <= `gridPoints` <= ``maximumGridPoints``.
    public static func audit(_ rule: FeeRule, gridPoints: Int = defaultGridPoints) throws -> Audit {
        try Validate.count(gridPoints, 3...Self.maximumGridPoints, "gridPoints")
        let welfare = expectation { t1, t2 in builds(rule, t1, t2) ? t1 + t2 - 1 : 0 }
        let payments = expectation { t1, t2 in fee(rule, t1, t2) + fee(rule, t2, t1) }
        let buildProbability = expectation { t1, t2 in builds(rule, t1, t2) ? 1 : 0 }
        let grid = (0..<gridPoints).map { Double($0) / Double(gridPoints - 1) }
        // Interim utility of type `truth` reporting `report`, against a truthful user 2.
        func interim(_ truth: Double, _ report: Double) -> Double {
            Quadrature.integrate(0, 1, breakpoints: kinks + [1.25 - report], pieces: 1) { t2 in
                (builds(rule, report, t2) ? truth : 0) - fee(rule, report, t2)
            }
        }
        var imbalance = 0.0, minExPost = Double.infinity, minFee = Double.infinity, maxIdleFee = -Double.infinity
        var maxExPostGain = -Double.infinity
        for t1 in grid {
            for t2 in grid {
                let built = builds(rule, t1, t2)
                let p1 = fee(rule, t1, t2), p2 = fee(rule, t2, t1)
                imbalance = max(imbalance, abs(p1 + p2 - (built ? 1 : 0)))
                minExPost = min(minExPost, (built ? t1 : 0) - p1)
                minFee = min(minFee, p1)
                if !built { maxIdleFee = max(maxIdleFee, p1) }
                let honest = (built ? t1 : 0) - p1
                for report in grid {
                    let gain = (builds(rule, report, t2) ? t1 : 0) - fee(rule, report, t2) - honest
                    maxExPostGain = max(maxExPostGain, gain)
                }
            }
        }
        var minInterim = Double.infinity, maxInterimGain = -Double.infinity
        for truth in grid {
            let honest = interim(truth, truth)
            minInterim = min(minInterim, honest)
            for report in grid { maxInterimGain = max(maxInterimGain, interim(truth, report) - honest) }
        }
        return Audit(
            rule: rule, welfare: welfare, expectedBudgetSurplus: payments - buildProbability,
            maxExPostImbalance: imbalance, minInterimUtility: minInterim, minExPostUtility: minExPost,
            maxInterimDeviationGain: maxInterimGain, maxExPostDeviationGain: maxExPostGain, minFee: minFee,
            maxFeeWhenNotBuilt: maxIdleFee == -Double.infinity ? 0 : maxIdleFee)
    }
}
