import Foundation
import Testing
@testable import Provisioning

/// Every documented bad input gives its error, naming the field.
@Suite struct ValidationTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func alphaAtLeastBetaIsRejected() {
        let text = message {
            _ = try PoolModel(
                players: 10, utility: .power(coefficient: 1, exponent: 1), cost: .power(coefficient: 1, exponent: 1),
                types: .uniform(low: 0, high: 1))
        }
        #expect(text.contains("utility.alpha") && text.contains("alpha < beta"), "\(text)")
    }

    @Test func nonConcaveUtilityIsRejected() {
        #expect(message { _ = try Utility.power(coefficient: 1, exponent: 1.5) }.contains("concave"))
        #expect(message { _ = try Utility.custom(name: "Q^2") { $0 * $0 } }.contains("concave"))
        #expect(message { _ = try Cost.custom(name: "sqrt") { _, q in q.squareRoot() } }.contains("convex"))
        #expect(message { _ = try Cost.power(coefficient: 1, exponent: 0.5) }.contains("cost.beta"))
    }

    @Test func emptySupportIsRejected() {
        #expect(message { _ = try TypeDistribution.uniform(low: 1, high: 0) }.contains("non-empty support"))
        #expect(message { _ = try TypeDistribution.uniform(low: 0.5, high: 0.5) }.contains("non-empty support"))
        #expect(message { _ = try TypeDistribution.empirical([]) }.contains("non-empty support"))
        #expect(message { _ = try TypeDistribution.beta(0, 1) }.contains("types.a"))
        #expect(message { _ = try TypeDistribution.uniform(low: -1, high: 1) }.contains("types.low"))
    }

    @Test(arguments: [0, -3])
    func fewerThanOnePlayerIsRejected(n: Int) {
        let text = message { _ = try PoolModel.slidesExample(players: n) }
        #expect(text.contains("players") && text.contains("n >= 1"), "\(text)")
    }

    @Test func monteCarloNeedsTwoReplications() {
        #expect(message { _ = try MonteCarloOptions(replications: 1) }.contains("monteCarlo.samples"))
    }

    @Test func secondBestNeedsADensity() throws {
        let model = try PoolModel(
            players: 5, utility: .power(coefficient: 1, exponent: 0.5), cost: .power(coefficient: 1, exponent: 1),
            types: .empirical([0.1, 0.4, 0.9]))
        #expect(message { _ = try SecondBest.solve(model, monteCarlo: try Support.options(2)) }.contains("density"))
    }

    /// Decoding validates like the factories (unknown kinds and bad ranges are errors).
    @Test func decodingValidates() throws {
        let bad = Data(#"{"kind":"uniform","low":1,"high":0}"#.utf8)
        #expect(throws: ProvisioningError.self) { _ = try JSONDecoder().decode(TypeDistribution.self, from: bad) }
        let good = Data(#"{"kind":"beta","a":2,"b":2}"#.utf8)
        #expect(try JSONDecoder().decode(TypeDistribution.self, from: good) == .beta(2, 2))
    }
}
