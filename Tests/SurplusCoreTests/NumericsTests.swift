import Foundation
import Testing
import SurplusCore
import SurplusTestSupport

@Suite struct NumericsTests {
    @Test func brentFindsCubeRoot() throws {
        let root = try RootFinding.brent(in: 0...3, tolerance: 1e-13) { $0 * $0 * $0 - 2 }
        #expect(isApproximatelyEqual(root.x, pow(2, 1.0 / 3), absolute: 1e-12))
        #expect(root.evaluations < 20)
    }

    @Test func bisectionCrossesAJump() throws {
        let root = try RootFinding.bisect(in: 0...1, tolerance: 1e-10) { $0 < 0.3 ? -1 : 1 }
        #expect(isApproximatelyEqual(root.x, 0.3, absolute: 1e-9))
    }

    @Test func rootFindingRejectsUnbracketedInterval() {
        #expect(throws: InputError.self) { try RootFinding.brent(in: 0...1) { $0 + 1 } }
    }

    @Test func gridInterpolatesLinearFunctionsExactly() throws {
        let grid = try UniformGrid(lower: -1, upper: 3, count: 41)
        let values = grid.points.map { 2 * $0 + 1 }
        for x in stride(from: -1.0, through: 3.0, by: 0.037) {
            #expect(isApproximatelyEqual(grid.interpolate(values, at: x), (2 * x + 1), absolute: 1e-12))
        }
        #expect(grid.interpolate(values, at: 10) == values.last!)
        #expect(grid.interpolate(values, at: -10) == values.first!)
    }

    @Test func invalidGridsAndDistributionsNameTheField() {
        #expect(throws: InputError.self) { try UniformGrid(lower: 1, upper: 1, count: 10) }
        #expect(throws: InputError.self) { try UniformDistribution(low: 5, high: 0) }
        #expect(throws: InputError.self) { try DiscreteDistribution(values: [1, 2], weights: [1, -1]) }
        #expect(throws: InputError.self) { try EmpiricalDistribution(samples: []) }
        do {
            _ = try UniformDistribution(low: 5, high: 0)
        } catch {
            #expect("\(error)".contains("range"))
        }
    }

    @Test func quantilesAndCDF() throws {
        let xs = (1...101).map(Double.init)
        #expect(Statistics.quantile(sorted: xs, 0.5) == 51)
        #expect(Statistics.quantile(sorted: xs, 0.25) == 26)
        let empirical = try EmpiricalDistribution(samples: xs.reversed())
        #expect(empirical.cdf(50.5) == 50.0 / 101)
        #expect(Statistics.mean(xs) == 51)
        #expect(isApproximatelyEqual(Statistics.variance([1, 2, 3, 4]), 5.0 / 3, absolute: 1e-15))
    }

    @Test func discreteDistributionMatchesWeights() throws {
        let law = try DiscreteDistribution(values: [0, 1, 2], weights: [1, 2, 7])
        var rng = RandomStream(seed: 3)
        var counts = [0, 0, 0]
        for _ in 0..<100_000 { counts[Int(law.sample(using: &rng))] += 1 }
        // sd of a count <= sqrt(n/4) = 158; allow 5 sd.
        for (c, p) in zip(counts, [0.1, 0.2, 0.7]) { #expect(isApproximatelyEqual(Double(c), p * 100_000, absolute: 800)) }
    }
}

@Suite struct StrictJSONTests {
    struct Item: Codable, Equatable { var id: String; var quantity: Double }
    struct Doc: Codable, Equatable { var epsilon: Double; var items: [Item]; var note: String? }

    @Test func acceptsAKnownDocument() throws {
        let doc = try StrictJSON.decode(Doc.self, from: Data(#"{"epsilon":1,"items":[{"id":"a","quantity":2}]}"#.utf8))
        #expect(doc == Doc(epsilon: 1, items: [Item(id: "a", quantity: 2)], note: nil))
    }

    @Test(arguments: [
        (#"{"epsilon":1,"items":[{"id":"a","quantity":2,"prize":3}]}"#, "items[0].prize: unknown field"),
        (#"{"epsilon":1,"items":[{"id":"a"}]}"#, "items[0].quantity: missing field"),
        (#"{"epsilon":"x","items":[]}"#, "epsilon: expected a number"),
        (#"{"epsilon":1,"items":[}"#, "malformed JSON"),
    ])
    func rejectsBadDocumentsNamingTheField(json: String, expected: String) {
        do {
            _ = try StrictJSON.decode(Doc.self, from: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".hasPrefix(expected), "\(error)")
        }
    }
}
