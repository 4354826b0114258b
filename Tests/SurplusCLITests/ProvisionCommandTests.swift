import Foundation
import Provisioning
import Testing
@testable import SurplusCLI
import SurplusTestSupport

/// `surplus provision` and `surplus tariff`: exit codes and the JSON contract.
@Suite struct ProvisionCommandTests {
    /// The package root, found from this file's path (tests run from any directory).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func defaultsRunAndJSONRuns() {
        #expect(Surplus.main(arguments: ["provision", "--players", "10"]) == 0)
        #expect(Surplus.main(arguments: ["provision", "--players", "10", "--format", "json"]) == 0)
        #expect(Surplus.main(arguments: ["tariff", "--format", "csv"]) == 0)
        #expect(Surplus.main(arguments: ["bridge", "--grid-points", "11"]) == 0)
        #expect(Surplus.main(arguments: ["bridge", "--format", "json"]) == 0)
        #expect(Surplus.main(arguments: ["tariff", "--usage", "beta:2:3", "--format", "json"]) == 0)
    }

    @Test(arguments: [
        ["provision", "--players", "0"],
        ["provision", "--utility", "power:1:1"],
        ["provision", "--utility", "power:1:1.5", "--cost", "power:1:2"],
        ["provision", "--types", "uniform:1:0"],
        ["provision", "--types", "gamma:1:2"],
        ["provision", "--utility", "linear:1"],
        ["provision", "--cost", "power:1:x"],
        ["provision", "--format", "csv"],
        ["provision", "--monte-carlo", "1"],
        ["tariff", "--utility", "power:1:1"],
        ["tariff", "--usage", "uniform:0.5:0.5"],
        ["provision", "--scenario", "/nonexistent.json"],
        ["provision", "--types", "empirical:/nonexistent"],
        ["provision", "--iterate", "--initial-size", "-1"],
    ])
    func invalidInputExitsTwo(arguments: [String]) {
        #expect(Surplus.main(arguments: arguments) == 2, "\(arguments)")
    }

    /// The contract fields of DESIGN.md, with the slides' values (exact path).
    @Test func provisionReportCarriesTheContractFields() throws {
        let command = try ProvisionCommand.parse(["--players", "64"])
        let model = try command.buildModel()
        let options = try Provisioning.MonteCarloOptions(replications: 2)
        let report = try ProvisionReport.compute(
            model, options: options, simulate: false, forceSecondBest: false, noExclusions: false,
            equalContribution: false, counting: .aPriori, iterate: false, initialSizeFactor: 0.2, seed: 1)
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for field in ["thresholdType", "size", "fee", "welfare", "firstBestWelfare"] {
            #expect(object[field] is Double, "missing \(field)")
        }
        #expect(abs(report.size - 64.0 * 64 / 64) < 1e-4)
        #expect(abs(report.fee - 64.0 / 48) < 1e-6)
        #expect(abs(report.welfare - 3 * 64.0 * 64 / 128) < 1e-9)
        #expect(abs(report.firstBestWelfare - (64.0 * 64 / 36 + 64.0 / 108)) < 1e-9)
        #expect(report.welfareShareOfFirstBest > 0 && report.welfareShareOfFirstBest < 1)
    }

    @Test func empiricalTypesFromAFileRun() throws {
        let path = try temporaryFile("0.1, 0.5\n0.9 0.3\n0.7", suffix: ".txt")
        #expect(Surplus.main(arguments: ["provision", "--types", "empirical:\(path)", "--format", "json"]) == 0)
        try "0.1, abc".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Surplus.main(arguments: ["provision", "--types", "empirical:\(path)"]) == 2)
    }

    @Test func scenarioFilesRun() {
        let slides = Self.root.appendingPathComponent("Scenarios/provision-slides.json").path
        #expect(Surplus.main(arguments: ["provision", "--scenario", slides, "--format", "json"]) == 0)
    }

    @Test func tariffJSONHasTheContractFields() throws {
        #expect(try TariffCommand.parse([]).menuPoints == 11)
        let problem = try Provisioning.TariffProblem.slidesExample()
        let data = try JSONEncoder().encode(try problem.solve(menuPoints: 5))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for field in ["exclusionThreshold", "welfarePerAgent", "centralWelfarePerAgent"] {
            #expect(object[field] is Double, "missing \(field)")
        }
        #expect((object["menu"] as? [Any])?.count == 5)
    }
}
