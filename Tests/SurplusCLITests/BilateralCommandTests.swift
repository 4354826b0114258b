import Foundation
import SurplusCLI
import SurplusTestSupport
import Testing

/// `surplus mfe | simulate | sweep`: exit status 0 on good input, 2 with one line naming
/// the field on bad input.
@Suite struct BilateralCommandTests {
    @Test func goodCommandsSucceed() throws {
        let pv = try temporaryFile(#"{"price": 7.5, "surplus": 10, "serveCost": 5, "initialBudget": {"low": 5, "high": 10}, "types": [{"name": "A", "share": 0.5, "clientProbability": 0.6}, {"name": "B", "share": 0.5, "clientProbability": 0.4}]}"#)
        for arguments in [
            ["mfe", "--format", "json", "--threads", "1"],
            ["mfe", "--scenario", pv],
            ["sweep", "--prices", "6.5:7:0.5", "--format", "csv", "--threads", "2"],
            ["simulate", "--agents", "2000", "--periods", "3", "--format", "csv", "--seed", "4"],
            ["simulate", "--agents", "2000", "--periods", "3", "--belief", "1"],
        ] {
            let run = CommandRun(arguments)
            #expect(run.status == 0 && run.standardError.isEmpty, "\(run)")
        }
    }

    /// `--threads 1` and `--threads 2` print the same equilibrium.
    @Test func threadsChangeNoNumber() throws {
        let one = CommandRun(["mfe", "--format", "json", "--threads", "1", "--model", "loan"])
        let two = CommandRun(["mfe", "--format", "json", "--threads", "2", "--model", "loan"])
        #expect(one.status == 0 && !one.standardOutput.isEmpty)
        #expect(try one.jsonWithoutTiming() == two.jsonWithoutTiming())
    }

    /// The same seed gives the same simulation, another seed another one.
    @Test func seedsDecideTheSimulation() {
        let arguments = ["simulate", "--agents", "2000", "--periods", "3", "--format", "csv"]
        let a = CommandRun(arguments + ["--seed", "5", "--threads", "1"])
        let b = CommandRun(arguments + ["--seed", "5", "--threads", "2"])
        let c = CommandRun(arguments + ["--seed", "6"])
        #expect(a.status == 0 && a.standardOutput == b.standardOutput)
        #expect(a.standardOutput != c.standardOutput)
    }

    @Test(arguments: [
        (["mfe", "--price", "5"], ["price", "5"]),
        (["mfe", "--beta", "1.5"], ["beta", "1.5"]),
        (["mfe", "--initial-budget", "5:0"], ["--initial-budget high", "0"]),
        (["mfe", "--initial-budget", "five"], ["initial-budget", "five"]),
        (["mfe", "--model", "barter"], ["model", "barter"]),
        (["mfe", "--format", "csv"], ["csv"]),
        (["mfe", "--threads", "0"], ["threads", "0"]),
        (["mfe", "--budget-step", "0"], ["--budget-step", "0"]),
        (["mfe", "--scenario", "/nonexistent/file.json"], ["/nonexistent/file.json"]),
        (["simulate", "--agents", "1"], ["agents", "1"]),
        (["simulate", "--belief", "2", "--agents", "100"], ["--belief", "2"]),
        (["simulate", "--periods", "0", "--agents", "100"], ["periods", "0"]),
        (["simulate", "--threads", "0", "--agents", "100"], ["threads", "0"]),
        (["sweep", "--prices", "8:6:0.5"], ["prices", "8:6:0.5"]),
        (["sweep", "--prices", "6:8"], ["prices", "6:8"]),
        (["sweep", "--threads=-1"], ["threads", "-1"]),
    ])
    func badInputNamesTheField(arguments: [String], fragments: [String]) {
        let run = CommandRun(arguments)
        #expect(run.isUsageError(mentioning: fragments), "\(run)")
    }

    @Test(arguments: [
        (#"{"price": 7, "pirce": 7}"#, ["pirce"]),
        (#"{"price": "seven"}"#, ["price"]),
        (#"{"price": 7,"#, []),
        (#"{"types": [{"name": "a", "share": 1}]}"#, ["clientProbability"]),
        (#"{"types": [{"name": "a", "share": 1, "clientProbability": 0.5}], "clientProbability": 0.3}"#, ["clientProbability", "0.3"]),
    ])
    func badScenarioNamesTheField(json: String, fragments: [String]) throws {
        let run = CommandRun(["mfe", "--scenario", try temporaryFile(json)])
        #expect(run.isUsageError(mentioning: fragments), "\(run)")
    }
}
