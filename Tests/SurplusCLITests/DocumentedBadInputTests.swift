import Foundation
import SurplusTestSupport
import Testing

/// The bad inputs users meet, by kind (sizes, negative numbers, overflow, nonsense, misleading
/// lines), each refused before any work with one line naming what was typed: the option, the
/// generator key or the file and its JSON path.
@Suite struct DocumentedBadInputTests {
    static func file(_ json: String) -> String { (try? temporaryFile(json)) ?? "/nonexistent" }

    static let cases: [([String], [String])] = [
        // Sizes are checked before memory is taken.
        (["simulate", "--periods", "1000000000000"], ["--periods", "1000000000000"]),
        (["simulate", "--agents", "200000000", "--periods", "100000"], ["--periods", "at most 5000 periods"]),
        (["simulate", "--agents", "1000", "--periods", "1000000", "--record-budgets"], ["--periods", "histogram"]),
        (["provision", "--simulate", "--monte-carlo", "1000000000000"], ["--monte-carlo", "1000000000000"]),
        (["provision", "--players", "1000000000", "--iterate"], ["--players", "1000000000"]),
        (["provision", "--players", "9223372036854775807"], ["--players"]),
        (["provision", "--players", "10000000", "--monte-carlo", "10000"], ["--monte-carlo", "1e10"]),
        (["network", "--graph", "erdos-renyi:n=1000000000,degree=6"], ["n = 1000000000"]),
        (["network", "--graph", "barabasi-albert:n=20000000,m=5"], ["n = 20000000"]),
        (["tariff", "--menu-points", "1000000000"], ["--menu-points", "1000000000"]),
        (["bridge", "--grid-points", "2000"], ["--grid-points", "2000"]),
        (["psp", "--scenario", file(#"{"quantity": 1, "epsilon": 1, "players": [{"id": "a", "valuation": {"kind": "linear", "unitValue": 1, "cap": 1}}], "maxRounds": 1000000000000}"#)], ["maxRounds"]),
        // Negative numbers reach validation.
        (["mfe", "--price", "-1"], ["--price = -1"]),
        (["simulate", "--agents", "-5"], ["--agents = -5"]),
        (["tariff", "--unit-cost", "-1"], ["--unit-cost = -1"]),
        (["mfe", "--initial-budget", "-5:-1"], ["--initial-budget low", "-5"]),
        // Inputs whose results would overflow.
        (["psp", "--scenario", file(#"{"quantity": 1e308, "epsilon": 1, "bids": [{"id": "a", "quantity": 1e308, "price": 2}]}"#)], ["quantity", "1e+308"]),
        (["tariff", "--usage", "uniform:0:1e308"], ["--usage high", "1e+308"]),
        (["provision", "--utility", "power:1e308:0.5"], ["--utility A", "1e+308"]),
        (["mfe", "--surplus", "1e308"], ["--surplus", "1e+308"]),
        (["network", "--graph", file(#"{"agents": [{"id": "a", "endowment": 1e308, "value": 1}, {"id": "b", "endowment": 1, "value": 1}], "edges": [["a", "b"]]}"#)], ["agents[0].endowment"]),
        // Nonsense is refused.
        (["mfe", "--scenario", file(#"{"types": []}"#)], ["types", "[]"]),
        (["mfe", "--scenario", file(#"{"types": [{"name": "a", "share": 0.7, "clientProbability": 0.5}, {"name": "b", "share": 0.7, "clientProbability": 0.4}]}"#)], ["types", "sum to 1"]),
        (["network", "--graph", "erdos-renyi:n=20,degree=4,value=constant:0"], ["endowment x value = 0"]),
        (["network", "--graph", "erdos-renyi:n=10,n=20,degree=4"], ["'n' is given twice"]),
        (["network", "--graph", "erdos-renyi:n=20,degree=4", "--agents", "agents.csv"], ["--agents"]),
        (["network", "--graph", "ring:n=6", "--method", "equilibrium", "--community", "2"], ["--community", "cmap"]),
        (["network", "--graph", "ring:n=6", "--damping", "0.5"], ["--damping", "damped"]),
        (["network", "--graph", "ring:n=6", "--method", "equilibrium", "--iterations", "5"], ["--iterations"]),
        (["provision", "--initial-size", "2"], ["--initial-size", "--iterate"]),
        (["provision", "--counting", "a-priori"], ["--counting", "--equal-contribution"]),
        // Lines that name what was typed, and the valid values.
        (["network", "--graph", "smallworld:n=10"], ["unknown generator 'smallworld'", "erdos-renyi"]),
        (["mfe", "--scenario", file(#"{"price": null}"#)], ["price", "null"]),
        (["mfe", "--scenario", file(#"{"model": "credit"}"#)], ["model", "'credit' is not one of hard, bank, loan"]),
        (["tariff", "--usage", "uniform:5:1"], ["--usage"]),
        (["mfe", "--model", "credit"], ["--model", "'hard'"]),
        (["reproduce", "--format", "csv", "--out", "/tmp/never"], ["--format", "'table'"]),
        (["simulate", "--seed", "-1"], ["--seed"]),
    ]

    @Test(arguments: cases)
    func refusedWithOneLine(arguments: [String], fragments: [String]) {
        let run = CommandRun(arguments)
        #expect(run.isUsageError(mentioning: fragments), "\(run)")
    }

    /// The live server and its agents: refused before a port is bound or a request is sent (or,
    /// for agents, with one line naming the address where nothing listens). Run as child
    /// processes (`CommandRun(process:)`).
    static let liveCases: [([String], [String])] = [
        (["serve", "--port", "-1"], ["--port", "'-1'", "0 to 65535"]),
        (["serve", "--port", "70000"], ["--port", "'70000'"]),
        (["serve", "--round-interval", "-1"], ["--round-interval", "'-1'"]),
        (["serve", "--log-level", "loud"], ["--log-level", "'loud'"]),
        (["serve", "--demo-periods", "5"], ["--demo-periods", "--demo"]),
        (["serve", "--admin-key", "k", "--port", "0", "--log-level", "warning", "--database", "/nonexistent/folder/surplus.sqlite"],
         ["--database", "/nonexistent/folder/surplus.sqlite", "could not be opened"]),
        (["serve", "--admin-key", "k", "--port", "0", "--log-level", "warning", "--database", "postgres://127.0.0.1/x"], ["--database", "a user"]),
        (["agents", "--server", "notaurl", "--admin-key", "k", "--kind", "bilateral"], ["--server", "'notaurl'"]),
        (["agents", "--server", "http://127.0.0.1:1", "--admin-key", "k"], ["--market", "--kind"]),
        (["agents", "--server", "http://127.0.0.1:1", "--admin-key", "k", "--kind", "bilateral", "--periods", "10", "--burn-in", "20"],
         ["--burn-in", "20"]),
        (["agents", "--server", "http://127.0.0.1:1", "--admin-key", "k", "--kind", "exchange"], ["--scenario"]),
        (["agents", "--server", "http://127.0.0.1:1", "--admin-key", "k", "--kind", "bilateral", "--agents", "10", "--periods", "2"],
         ["127.0.0.1:1", "connect"]),
    ]

    @Test(arguments: liveCases)
    func liveCommandRefusedWithOneLine(arguments: [String], fragments: [String]) throws {
        let run = try CommandRun(process: arguments)
        #expect(run.isUsageError(mentioning: fragments), "\(run)")
    }

    /// A blocked output folder says which path is in the way, not a Foundation error code.
    @Test func blockedOutputFolderNamesTheFile() throws {
        let blocker = try temporaryFile("a file where a folder is expected")
        let run = CommandRun(["reproduce", "--quick", "--only", "003", "--out", blocker + "/report"])
        #expect(run.isUsageError(mentioning: ["--out", "is a file, not a folder"]), "\(run)")
    }

    /// `--version` prints the version every JSON result carries.
    @Test func versionIsTheResultsVersion() throws {
        let version = CommandRun(["--version"])
        let run = CommandRun(["tariff", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        #expect(version.status == 0 && version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == object?["version"] as? String)
        #expect(object?["command"] as? String == "tariff" && object?["seed"] as? Int == 1 && object?["parameters"] is [String: Any])
    }

    /// Two identical runs print identical JSON apart from `timing`.
    @Test func identicalRunsPrintIdenticalJSON() throws {
        let arguments = ["simulate", "--agents", "2000", "--periods", "3", "--budget-step", "0.1", "--format", "json"]
        let a = CommandRun(arguments), b = CommandRun(arguments)
        #expect(a.status == 0 && a.standardOutput.contains("\"timing\""))
        #expect(try a.jsonWithoutTiming() == b.jsonWithoutTiming())
    }
}
