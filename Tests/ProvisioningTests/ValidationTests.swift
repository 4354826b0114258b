import Foundation
import Provisioning
import SurplusCore
import Testing

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
        #expect(throws: InputError(field: "players", value: n, expected: "n >= 1")) { try PoolModel.slidesExample(players: n) }
    }

    @Test func monteCarloNeedsTwoReplications() {
        #expect(throws: InputError(field: "monteCarlo", value: 1, expected: "an integer in 2...10000000")) {
            try MonteCarloOptions(replications: 1)
        }
    }

    @Test func iterativeResponseRejectsANegativeStart() throws {
        let model = try PoolModel.slidesExample(players: 10)
        #expect(throws: InputError(field: "initialSize", value: -1.0, expected: "a finite number >= 0")) {
            try IterativeResponse.simulate(model, fee: 1, initialSize: -1)
        }
        #expect(throws: InputError(field: "initialSize", value: -0.5, expected: "a finite number >= 0")) {
            try ProvisioningStudy(model: model, iterativeStart: -0.5)
        }
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
        #expect(throws: InputError.self) { _ = try JSONDecoder().decode(TypeDistribution.self, from: bad) }
        let good = Data(#"{"kind":"beta","a":2,"b":2}"#.utf8)
        #expect(try JSONDecoder().decode(TypeDistribution.self, from: good) == .beta(2, 2))
    }
}
