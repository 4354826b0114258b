import Foundation
import Provisioning
import Reproduction
import SurplusTestSupport
import Testing

/// The slides' "Simple 'Equal Contribution' Schemes" in their example.
@Suite struct EqualContributionTests {
    /// Slides: post Q and share cost gives 3n^2/128 - n/384 + O(1); post phi and build what it
    /// covers gives 3n^2/128 + 7n/1536 + O(1). Both reproduce when X, the number of participants
    /// an agent expects, is the a-priori Bin(n, p) (not counting himself). At n = 1000 the O(1)
    /// term moves the linear coefficient by ~5e-6, hence the absolute 2e-5.
    @Test func aPrioriCountingReproducesTheSlides() throws {
        let n = 1000
        let model = try PoolModel.slidesExample(players: n)
        let posted = try PostedMechanism.solve(model)
        let size = try EqualContribution.postSize(model, counting: .aPriori, reference: posted)
        let fee = try EqualContribution.postFee(model, counting: .aPriori, reference: posted)
        let lead = Published003.postedWelfare.times(Double(n), power: 2)
        #expect(isApproximatelyEqual((size.welfare - lead) / Double(n), Published003.postSizeN1.value, absolute: 2e-5), "\(size)")
        #expect(isApproximatelyEqual((fee.welfare - lead) / Double(n), Published003.postFeeN1.value, absolute: 2e-5), "\(fee)")
        // Both thresholds sit near theta* = 1/4 (the O(1/n) shift is ~5e-4 here).
        #expect(isApproximatelyEqual(size.thresholdType, 0.25, absolute: 1e-3))
        #expect(isApproximatelyEqual(fee.thresholdType, 0.25, absolute: 1e-3))
    }

    /// Counting oneself, X = 1 + Bin(n - 1, p): E[1/X] = (1 - (1-p)^n)/(n p), so posting Q meets
    /// the P* budget constraint exactly and gives Phi*_n = 3n^2/128 with no O(n) term; posting phi
    /// gives 3n^2/128 + 3n/512 (derived here, not printed; 2e-5 as above).
    @Test func countingOneselfChangesTheLinearTerms() throws {
        let n = 1000
        let model = try PoolModel.slidesExample(players: n)
        let posted = try PostedMechanism.solve(model)
        let size = try EqualContribution.postSize(model, counting: .includingSelf, reference: posted)
        let fee = try EqualContribution.postFee(model, counting: .includingSelf, reference: posted)
        let lead = Published003.postedWelfare.times(Double(n), power: 2)
        // The optimizer stops at 1e-9 in log Q; the welfare is flat there (1e-8 per peer).
        #expect(isApproximatelyEqual((size.welfare - lead) / Double(n), 0, absolute: 1e-8), "\(size)")
        #expect(isApproximatelyEqual((fee.welfare - lead) / Double(n), 3.0 / 512, absolute: 2e-5), "\(fee)")
    }
}
