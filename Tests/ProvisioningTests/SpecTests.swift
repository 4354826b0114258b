import Foundation
import Provisioning
import SurplusCore
import Testing

/// The one-line specs and the scenario: what a front end hands the module.
@Suite struct SpecTests {
    @Test func powerLawsParseWithFractions() throws {
        let u = try Utility.PowerLaw(spec: "power:2/3:1/2")
        #expect(u == Utility.PowerLaw(coefficient: 2.0 / 3, exponent: 0.5))
        #expect(try Cost.PowerLaw(spec: "power:1:2") == Cost.PowerLaw(coefficient: 1, exponent: 2, populationExponent: 0))
        #expect(try Cost.PowerLaw(spec: "power:1:2:0.5").populationExponent == 0.5)
        #expect(u.description == "0.6666666666666666 Q^0.5")
    }

    @Test func typeLawsParse() throws {
        #expect(try TypeDistribution(spec: "uniform:0:1") == .uniform(low: 0, high: 1))
        #expect(try TypeDistribution(spec: "beta:2:3") == .beta(2, 3))
        let sampled = try TypeDistribution(spec: "empirical:data", readSamples: { _ in "0.1, 0.5\n0.9 0.3" })
        #expect(sampled.samples == [0.1, 0.3, 0.5, 0.9])
    }

    @Test(arguments: [
        ("linear:1", "--utility", "power:A:ALPHA"),
        ("power:1:x", "--utility ALPHA", "a number"),
        ("power:1/0:1", "--utility A", "a number"),
    ])
    func badUtilitySpecsNameTheField(spec: String, field: String, expected: String) {
        #expect {
            try Utility.PowerLaw(spec: spec, field: "--utility")
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.field == field && error.expected.contains(expected)
        }
    }

    @Test func typeSpecsWithoutAReaderRefuseFiles() {
        #expect(throws: InputError(field: "types", value: "empirical:x", expected: "uniform:LO:HI or beta:A:B")) {
            try TypeDistribution(spec: "empirical:x")
        }
        #expect(throws: InputError(field: "types", value: "gamma:1:2", expected: "uniform:LO:HI or beta:A:B")) {
            try TypeDistribution(spec: "gamma:1:2")
        }
    }

    /// The slides' scenario is the slides' model, and its JSON round-trips strictly.
    @Test func slidesScenarioIsTheSlidesModel() throws {
        let scenario = try ProvisioningScenario.slidesExample()
        let model = try scenario.model()
        #expect(model.players == 100 && model.utility.name == "0.6666666666666666 Q^0.5" && model.cost.name == "1 Q^1")
        let data = try StrictJSON.encoder().encode(scenario)
        #expect(try StrictJSON.decode(ProvisioningScenario.self, from: data) == scenario)
    }

    /// The study of the slides' example: everything exact, the second best included by default.
    @Test func studyOfTheSlidesExampleIsExact() throws {
        let report = try ProvisioningStudy(model: .slidesExample(players: 64)).run(.serial)
        #expect(report.firstBestMethod == "exact" && report.secondBest?.method == "exact")
        #expect(report.simulation == nil && report.equalContribution == nil && report.iterativeResponse == nil)
        #expect(report.welfareShareOfFirstBest == Efficiency.ratio(report.welfare, of: report.firstBestWelfare))
        #expect(ProvisioningStudy.defaultReplications(players: 1_000_000) == 20)
        #expect(ProvisioningStudy.defaultReplications(players: 100) == 400)
    }

    /// Without beta = 2 alpha the second best needs Monte Carlo and is left out unless asked for.
    @Test func studyLeavesOutAMonteCarloSecondBest() throws {
        let model = try PoolModel(
            players: 20, utility: .power(coefficient: 1, exponent: 0.3), cost: .power(coefficient: 2, exponent: 1),
            types: .beta(2, 2))
        #expect(try ProvisioningStudy(model: model).run(.serial).secondBest == nil)
        let forced = try ProvisioningStudy(model: model, replications: 50, alwaysSecondBest: true).run(.serial)
        #expect(forced.secondBest?.method == "monteCarlo")
    }
}
