import Foundation
import Testing
import SurplusCLI
import SurplusTestSupport

/// `surplus mfe | simulate | sweep`: exit status 0 on good input, 2 with one line on bad input.
@Suite struct BilateralCommandTests {
    @Test func goodCommandsSucceed() throws {
        let pv = try temporaryFile(#"{"price": 7.5, "surplus": 10, "serveCost": 5, "initialBudget": {"low": 5, "high": 10}, "types": [{"name": "A", "share": 1, "clientProbability": 0.6}, {"name": "B", "share": 1, "clientProbability": 0.4}]}"#)
        #expect(Surplus.main(arguments: ["mfe", "--format", "json"]) == 0)
        #expect(Surplus.main(arguments: ["mfe", "--scenario", pv]) == 0)
        #expect(Surplus.main(arguments: ["sweep", "--prices", "6.5:7:0.5", "--format", "csv"]) == 0)
        #expect(Surplus.main(arguments: ["simulate", "--agents", "2000", "--periods", "3", "--format", "csv"]) == 0)
        #expect(Surplus.main(arguments: ["simulate", "--agents", "2000", "--periods", "3", "--belief", "1"]) == 0)
    }

    @Test(arguments: [
        ["mfe", "--price", "5"],
        ["mfe", "--beta", "1.5"],
        ["mfe", "--initial-budget", "5:0"],
        ["mfe", "--initial-budget", "five"],
        ["mfe", "--model", "barter"],
        ["mfe", "--format", "csv"],
        ["mfe", "--scenario", "/nonexistent/file.json"],
        ["simulate", "--agents", "1"],
        ["simulate", "--belief", "2", "--agents", "100"],
        ["sweep", "--prices", "8:6:0.5"],
        ["sweep", "--prices", "6:8"],
    ])
    func badInputExitsWithStatus2(arguments: [String]) {
        #expect(Surplus.main(arguments: arguments) == 2)
    }

    @Test(arguments: [
        #"{"price": 7, "pirce": 7}"#,
        #"{"price": "seven"}"#,
        #"{"price": 7,"#,
        #"{"types": [{"name": "a", "share": 1}]}"#,
    ])
    func badScenarioExitsWithStatus2(json: String) throws {
        #expect(Surplus.main(arguments: ["mfe", "--scenario", try temporaryFile(json)]) == 2)
    }
}
