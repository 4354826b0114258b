import Foundation
import Testing
@testable import Provisioning

/// The slides' "Simple 'Equal Contribution' Schemes" in their example.
@Suite struct EqualContributionTests {
    /// Slides: post Q and share cost gives 3n^2/128 - n/384 + O(1); post phi and build what it
    /// covers gives 3n^2/128 + 7n/1536 + O(1). Both reproduce when X, the number of participants
    /// an agent expects, is the a-priori Bin(n, p) (not counting himself). At n = 1000 the O(1)
    /// term moves the linear coefficient by ~5e-6, hence the 2e-5 tolerance.
    @Test func aPrioriCountingReproducesTheSlides() throws {
        let n = 1000
        let model = try PoolModel.slidesExample(players: n)
        let posted = try PostedMechanism.solve(model)
        let size = try EqualContribution.postSize(model, counting: .aPriori, reference: posted)
        let fee = try EqualContribution.postFee(model, counting: .aPriori, reference: posted)
        let lead = 3 * Double(n * n) / 128
        #expect(abs((size.welfare - lead) / Double(n) - (-1.0 / 384)) < 2e-5, "\(size)")
        #expect(abs((fee.welfare - lead) / Double(n) - 7.0 / 1536) < 2e-5, "\(fee)")
        #expect(abs(size.thresholdType - 0.25) < 1e-3 && abs(fee.thresholdType - 0.25) < 1e-3)
    }

    /// Counting oneself, X = 1 + Bin(n - 1, p): E[1/X] = (1 - (1-p)^n)/(n p), so posting Q meets
    /// the P* budget constraint exactly and gives Phi*_n = 3n^2/128 with no O(n) term; posting phi
    /// gives 3n^2/128 + 3n/512.
    @Test func countingOneselfChangesTheLinearTerms() throws {
        let n = 1000
        let model = try PoolModel.slidesExample(players: n)
        let posted = try PostedMechanism.solve(model)
        let size = try EqualContribution.postSize(model, counting: .includingSelf, reference: posted)
        let fee = try EqualContribution.postFee(model, counting: .includingSelf, reference: posted)
        let lead = 3 * Double(n * n) / 128
        #expect(abs((size.welfare - lead) / Double(n)) < 1e-8, "\(size)")
        #expect(abs((fee.welfare - lead) / Double(n) - 3.0 / 512) < 2e-5, "\(fee)")
    }
}
