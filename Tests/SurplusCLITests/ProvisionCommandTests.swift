import Foundation
import Provisioning
import Reproduction
import SurplusCore
import SurplusTestSupport
import Testing

/// `surplus provision`, `surplus tariff` and `surplus bridge`: exit codes, the error line and the JSON contract.
@Suite struct ProvisionCommandTests {
    /// The package root, found from this file's path (tests run from any directory).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The JSON object a successful run printed.
    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = CommandRun(arguments)
        #expect(run.status == 0, "\(run)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    /// `value` as `--format json` prints it (its own fields, canonical).
    func encoded(_ value: some Encodable) throws -> String {
        try canonicalJSON(String(decoding: try StrictJSON.encoder().encode(value), as: UTF8.self))
    }

    @Test func defaultsRunAndJSONRuns() {
        for arguments in [
            ["provision", "--players", "10"], ["provision", "--players", "10", "--format", "json"],
            ["tariff", "--format", "csv"], ["bridge", "--grid-points", "11"], ["bridge", "--format", "json"],
            ["tariff", "--usage", "beta:2:3", "--format", "json"], ["provision", "--players", "10", "--seed", "3", "--threads", "1"],
        ] {
            let run = CommandRun(arguments)
            #expect(run.status == 0 && run.standardError.isEmpty, "\(run)")
        }
    }

    @Test(arguments: [
        (["provision", "--players", "0"], ["players", "0"]),
        (["provision", "--utility", "power:1:1"], ["--utility alpha", "1"]),
        (["provision", "--utility", "power:1:1.5", "--cost", "power:1:2"], ["--utility alpha", "1.5"]),
        (["provision", "--types", "uniform:1:0"], ["types", "uniform:1:0"]),
        (["provision", "--types", "gamma:1:2"], ["--types", "gamma:1:2"]),
        (["provision", "--utility", "linear:1"], ["--utility", "linear:1"]),
        (["provision", "--cost", "power:1:x"], ["--cost BETA", "x"]),
        (["provision", "--format", "csv"], ["csv"]),
        (["provision", "--monte-carlo", "1"], ["--monte-carlo", "1"]),
        (["provision", "--threads", "0"], ["threads", "0"]),
        (["tariff", "--utility", "power:1:1"], ["--utility alpha", "1"]),
        (["tariff", "--usage", "uniform:0.5:0.5"], ["--usage", "uniform:0.5:0.5"]),
        (["tariff", "--usage", "empirical:/nonexistent"], ["--usage", "empirical:/nonexistent"]),
        (["tariff", "--menu-points", "1"], ["--menu-points", "1"]),
        (["tariff", "--unit-cost=-1"], ["--unit-cost", "-1"]),
        (["bridge", "--grid-points", "2"], ["--grid-points", "2"]),
        (["bridge", "--threads", "0"], ["threads", "0"]),
        (["provision", "--scenario", "/nonexistent.json"], ["/nonexistent.json"]),
        (["provision", "--types", "empirical:/nonexistent"], ["--types", "/nonexistent"]),
        (["provision", "--iterate", "--initial-size=-1"], ["--initial-size", "-1"]),
    ])
    func invalidInputIsOneLineNamingTheField(arguments: [String], fragments: [String]) {
        let run = CommandRun(arguments)
        #expect(run.isUsageError(mentioning: fragments), "\(run)")
    }

    /// The contract fields of the command-line surface, with the slides' values (exact path).
    @Test func provisionReportCarriesTheContractFields() throws {
        let object = try json(["provision", "--players", "64", "--format", "json"])
        for field in ["thresholdType", "size", "fee", "welfare", "firstBestWelfare"] {
            #expect(object[field] is Double, "missing \(field)")
        }
        // The command prints the module's study, encoded.
        let expected = try ProvisioningStudy(model: .slidesExample(players: 64)).run(.serial)
        #expect(try CommandRun(["provision", "--players", "64", "--format", "json"]).resultJSON() == (try encoded(expected)))
        // Q* = n^2/64 to the search's 1e-6 relative.
        let size = try #require(object["size"] as? Double)
        #expect(isApproximatelyEqual(size, Published003.postedSize.times(64, power: 2), relative: 1e-6))
    }

    /// Options replace the scenario file's fields; the file alone gives its pool.
    @Test func optionsReplaceTheScenarioFields() throws {
        let slides = Self.root.appendingPathComponent("Scenarios/provision-slides.json").path
        let fromFile = try json(["provision", "--scenario", slides, "--format", "json"])
        #expect((fromFile["model"] as? [String: Any])?["players"] as? Int == 100)
        let replaced = try json(["provision", "--scenario", slides, "--players", "30", "--format", "json"])
        #expect((replaced["model"] as? [String: Any])?["players"] as? Int == 30)
        #expect(try json(["provision", "--format", "json"])["welfare"] as? Double == fromFile["welfare"] as? Double)
    }

    @Test func countingReachesTheModule() throws {
        let object = try json(["provision", "--players", "20", "--equal-contribution", "--counting", "including-self", "--format", "json"])
        let schemes = try #require(object["equalContribution"] as? [[String: Any]])
        #expect(schemes.map { $0["counting"] as? String } == ["includingSelf", "includingSelf"])
    }

    @Test func empiricalTypesFromAFileRun() throws {
        let path = try temporaryFile("0.1, 0.5\n0.9 0.3\n0.7", suffix: ".txt")
        #expect(CommandRun(["provision", "--types", "empirical:\(path)", "--format", "json"]).status == 0)
        try "0.1, abc".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(CommandRun(["provision", "--types", "empirical:\(path)"]).isUsageError(mentioning: ["--types sample", "abc"]))
    }

    @Test func tariffJSONHasTheContractFields() throws {
        let object = try json(["tariff", "--format", "json"])
        for field in ["exclusionThreshold", "welfarePerAgent", "centralWelfarePerAgent"] {
            #expect(object[field] is Double, "missing \(field)")
        }
        #expect((object["menu"] as? [Any])?.count == TariffProblem.defaultMenuPoints)
        #expect((try json(["tariff", "--menu-points", "5", "--format", "json"])["menu"] as? [Any])?.count == 5)
    }

    @Test func bridgeJSONIsTheModuleSummary() throws {
        let run = CommandRun(["bridge", "--grid-points", "11", "--format", "json"])
        #expect(try run.resultJSON() == (try encoded(Bridge.summary(gridPoints: 11))))
    }
}
