import Foundation
import Provisioning
import Reproduction
import SurplusCore
import SurplusTestSupport
import Testing

/// The bridge of slides 003: n = 2, theta_i ~ U[0, 1], cost 1. All expectations are exact
/// Gauss-Legendre integrals of piecewise polynomials, so published fractions are matched to 1e-12
/// (absolute: the welfares are of order 0.1, the budget and utility bounds are zero).
@Suite struct BridgeTests {
    @Test func firstBestIsOneSixth() {
        #expect(isApproximatelyEqual(Bridge.firstBestWelfare(), Published003.bridgeFirstBest.value, absolute: 1e-12))
    }

    /// The second best builds iff theta_1 + theta_2 >= 1.25: the root of the ex-ante budget
    /// constraint E[(g_1 + g_2 - 1) 1{S >= s}] = 0 with g = 2 theta - 1 (Brent to 1e-13, so 1e-10).
    @Test func secondBestThresholdIsOnePointTwoFive() throws {
        #expect(isApproximatelyEqual(try Bridge.secondBestThresholdByRoot(), Published003.bridgeBuildThreshold, absolute: 1e-10))
    }

    @Test(arguments: [Bridge.FeeRule.virtualValue, .budgetBalanced, .proportional])
    func secondBestRulesGiveNineSixtyFourths(rule: Bridge.FeeRule) throws {
        let audit = try Bridge.audit(rule, gridPoints: 41)
        #expect(isApproximatelyEqual(audit.welfare, Published003.bridgeSecondBest.value, absolute: 1e-12))
        // Ex-ante budget balance, interim IR and Bayesian IC hold for all three.
        #expect(isApproximatelyEqual(audit.expectedBudgetSurplus, 0, absolute: 1e-12))
        #expect(audit.minInterimUtility > -1e-12)
        #expect(audit.maxInterimDeviationGain < 1e-12, "\(rule): gain \(audit.maxInterimDeviationGain)")
        // None is dominant-strategy IC (the slides impose IC only 'on average').
        #expect(audit.maxExPostDeviationGain > 0.1)
    }

    @Test func feeRulesDifferAsTheSlidesSay() throws {
        let v = try Bridge.audit(.virtualValue)
        let b = try Bridge.audit(.budgetBalanced)
        let p = try Bridge.audit(.proportional)
        // p_i = theta_i^2/2 - 1/32 is not ex-post budget balanced.
        #expect(v.maxExPostImbalance > 0.1)
        // The second rule is ex-post balanced, but charges users when nothing is built.
        #expect(isApproximatelyEqual(b.maxExPostImbalance, 0, absolute: 1e-12))
        #expect(b.maxFeeWhenNotBuilt > 0.05 && b.minFee < 0)
        // The third: p >= 0, nothing paid unless built, ex-post IR (theta_1 - p_1 >= 0).
        #expect(isApproximatelyEqual(p.maxExPostImbalance, 0, absolute: 1e-12))
        #expect(p.minFee >= 0 && p.maxFeeWhenNotBuilt == 0)
        #expect(p.minExPostUtility > -1e-12)
    }

    /// A fixed fee of 0.50, built iff both accept: SW = 1/8 < 9/64, and truthful acceptance is
    /// a dominant strategy.
    @Test func fixedFeeGivesOneEighth() throws {
        let f = try Bridge.audit(.fixedFee)
        #expect(isApproximatelyEqual(f.welfare, Published003.bridgeFixedFee.value, absolute: 1e-12))
        #expect(f.welfare < Published003.bridgeSecondBest.value)
        #expect(isApproximatelyEqual(f.maxExPostImbalance, 0, absolute: 1e-12) && f.minExPostUtility > -1e-12)
        #expect(f.maxExPostDeviationGain < 1e-12)
    }

    /// The summary is the four audits in rule order, with the first best and the threshold.
    @Test func summaryCollectsEveryRule() throws {
        let summary = try Bridge.summary(gridPoints: 11)
        #expect(summary.rules.map(\.rule) == Bridge.FeeRule.allCases)
        #expect(summary.firstBestWelfare == Bridge.firstBestWelfare())
        #expect(summary.rules[3] == (try Bridge.audit(.fixedFee, gridPoints: 11)))
        // The rules are audited side by side; the thread count changes nothing.
        #expect(try Bridge.summary(gridPoints: 11, run: RunOptions(threads: 2)) == summary)
    }
}
