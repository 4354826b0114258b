import Foundation
import SurplusTestSupport
import Testing

@Suite struct SweepCommandTests {
    @Test func shorthandRefusesAnOptionThatDoesNotApply() {
        let run = CommandRun(["sweep", "--prices", "6:7:0.5", "--price", "7"])
        #expect(run.isUsageError(mentioning: ["--price"]), "\(run)")
    }

    @Test func shorthandStillSweepsPrices() throws {
        let run = CommandRun(["sweep", "--prices", "6.5:7:0.5", "--budget-step", "0.1", "--format", "csv"])
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.split(separator: "\n").count == 3)
    }

    @Test func planRefusesAnOptionTheCommandDoesNotHave() throws {
        let spec = try temporaryFile(#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"prise": [7]}, "record": ["tradeRatio"]}"#)
        let run = CommandRun(["sweep", "plan", "--spec", spec, "--out", spec + ".plan"])
        #expect(run.status == 64 && run.errorLines.count == 1 && run.standardError.contains("--prise"), "\(run)")
    }

    @Test func planRefusesACommandThatCannotBeSwept() throws {
        let spec = try temporaryFile(#"{"command": "sweep", "seed": 1, "replicates": 1, "parameters": {"price": [7]}, "record": ["tradeRatio"]}"#)
        let run = CommandRun(["sweep", "plan", "--spec", spec, "--out", spec + ".plan"])
        #expect(run.status == 64 && run.standardError.contains("command = sweep"), "\(run)")
    }

    @Test func aMissingPlanIsAUsageError() {
        let run = CommandRun(["sweep", "run", "--plan", "/nonexistent/plan.json", "--out", "/tmp"])
        #expect(run.status == 64 && run.errorLines.count == 1, "\(run)")
    }

    @Test func optimizeReportsTheContractFields() throws {
        let run = CommandRun([
            "optimize", "--objective", "expectedValue", "--initial-budget", "5:10", "--budget-step", "0.1", "--grid", "5",
            "--tolerance", "0.05", "--format", "json",
        ])
        #expect(run.status == 0, "\(run)")
        let json = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any] ?? [:]
        for field in ["objective", "parameter", "optimum", "value", "bracket", "curve", "kind"] {
            #expect(json[field] != nil, "\(field)")
        }
        #expect(json["parameter"] as? String == "price")
        #expect(CommandRun(["optimize", "--price", "7"]).isUsageError(mentioning: ["--price"]))
    }

    @Test func optimizeOverFeeFindsTheSlidesPhiStar() throws {
        let run = CommandRun(["optimize", "--over", "fee", "--players", "48", "--format", "json"])
        #expect(run.status == 0, "\(run)")
        let json = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any] ?? [:]
        for field in ["objective", "parameter", "optimum", "value", "bracket", "curve", "reference"] {
            #expect(json[field] != nil, "\(field)")
        }
        #expect(json["parameter"] as? String == "fee")
        let optimum = try #require(json["optimum"] as? Double)
        #expect(abs(optimum - 1) <= 1e-3, "phi* = n/48 = 1, found \(optimum)")
        #expect((json["reference"] as? [String: Any])?["agrees"] as? Bool == true)
        let refused = CommandRun(["optimize", "--over", "fee", "--buyers", "3", "--model", "bank"])
        #expect(refused.isUsageError(mentioning: ["--buyers", "--model"]) && refused.errorLines.count == 1, "\(refused)")
        #expect(CommandRun(["optimize", "--players", "4"]).isUsageError(mentioning: ["--players"]))
        let range = CommandRun(["optimize", "--over", "fee", "--players-range", "48:96", "--grid", "2", "--format", "json"])
        #expect(range.status == 0, "\(range)")
        let curve = (try JSONSerialization.jsonObject(with: Data(range.standardOutput.utf8)) as? [String: Any])?["curve"] as? [[String: Double]]
        #expect(curve?.compactMap { $0["x"] } == [48, 96], "\(range)")
        #expect(curve?.compactMap { $0["y"] }.map { ($0 * 1e6).rounded() / 1e6 } == [1, 2], "phi* = n/48")
        #expect(CommandRun(["optimize", "--players-range", "1:5"]).isUsageError(mentioning: ["--players-range"]))
    }
}
