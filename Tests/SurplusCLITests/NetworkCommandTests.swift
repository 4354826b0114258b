import Foundation
import NetworkSharing
import SurplusTestSupport
import Testing

/// `surplus network`: the module's run as JSON, CSV or a table, and one line for every bad input.
@Suite struct NetworkCommandTests {
    /// The JSON of a run: the module's `NetworkRun`, with its provenance and wall-clock seconds beside it.
    static func decode(_ run: CommandRun) throws -> NetworkRun {
        try JSONDecoder().decode(NetworkRun.self, from: Data(run.standardOutput.utf8))
    }

    @Test func generatorRunsForEveryMethod() throws {
        for method in NetworkStudy.Method.allCases {
            let run = CommandRun(
                ["network", "--graph", "erdos-renyi:n=40,degree=4", "--method", method.rawValue, "--format", "json"]
                    + (method == .equilibrium ? [] : ["--iterations", "5"]))
            #expect(run.status == 0, "\(run)")
            let result = try Self.decode(run)
            #expect(result.method == method && result.agents == 40)
            #expect((result.schedule != nil) == (method == .cmap))
            let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
            // Wall-clock figures only under `timing`.
            let timing = object?["timing"] as? [String: Any]
            #expect(timing?["equilibriumSeconds"] is Double && (timing?["dynamicsSeconds"] is Double) == (method != .equilibrium))
        }
        let csv = CommandRun(["network", "--graph", "ring:n=6", "--schedule", "damped", "--format", "csv"])
        #expect(csv.status == 0 && csv.standardOutput.hasPrefix("sweep,marketRounds,nashWelfareRatio,marketLoss,relativeGap\n"))
        let table = CommandRun(["network", "--graph", "ring:n=6", "--threads", "1"])
        #expect(table.status == 0 && table.standardOutput.contains("Nash welfare ratio"))
    }

    @Test func graphFileGivesUtilitiesByAgentID() throws {
        let path = try temporaryFile(
            #"""
            { "agents": [ { "id": "a", "endowment": 1.0, "value": 1.2 }, { "id": "b", "endowment": 0.5, "value": 2.0 },
                          { "id": "c", "endowment": 2.0, "value": 1.0 } ],
              "edges": [ ["a", "b"], ["b", "c"] ] }
            """#)
        let run = CommandRun(["network", "--graph", path, "--method", "proportional", "--iterations", "3", "--format", "json"])
        #expect(run.status == 0, "\(run)")
        #expect(try Self.decode(run).utilities.keys.sorted() == ["a", "b", "c"])
    }

    /// A path a - b - c with weights 1, 2, 3: a and c can only send to b (u_b = 4), and b's 2
    /// goes in proportion to contribution, 0.5 to a and 1.5 to c, which one round reaches
    /// (only rounding remains).
    @Test func csvEdgeListWithAgentTable() throws {
        let edges = try temporaryFile("source,target\na,b\nb,c\n", suffix: ".csv")
        let agents = try temporaryFile("id,endowment,value\na,1,1\nb,2,1\nc,1,3\n", suffix: ".csv")
        let run = CommandRun(["network", "--graph", edges, "--agents", agents, "--method", "equilibrium", "--format", "json"])
        let utilities = try Self.decode(run).utilities
        #expect(isApproximatelyEqual(utilities["a"] ?? 0, 0.5, relative: 1e-12))
        #expect(isApproximatelyEqual(utilities["b"] ?? 0, 4, relative: 1e-12))
        #expect(isApproximatelyEqual(utilities["c"] ?? 0, 1.5, relative: 1e-12))
        #expect(CommandRun(["network", "--graph", edges, "--agents", agents, "--format", "csv"]).status == 0)
    }

    @Test func invalidInputIsOneLine() throws {
        let unknown = try temporaryFile(#"{ "agents": [ { "id": "a", "endowment": 1, "value": 1 } ], "edges": [ ["a", "z"] ] }"#)
        let negative = try temporaryFile(
            #"{ "agents": [ { "id": "a", "endowment": -1, "value": 1 }, { "id": "b", "endowment": 1, "value": 1 } ], "edges": [ ["a", "b"] ] }"#)
        let typo = try temporaryFile(#"{ "agents": [], "edges": [], "edgez": [] }"#)
        let cases: [([String], [String])] = [
            (["--graph", unknown], ["edges[0]", "'z'"]),
            (["--graph", negative], ["agents[0].endowment", "-1"]),
            (["--graph", typo], ["edgez"]),
            (["--graph", "/nonexistent/graph.csv"], ["/nonexistent/graph.csv"]),
            (["--graph", unknown, "--agents", "agents.csv"], ["--agents"]),
            (["--graph", "erdos-renyi:n=10"], ["erdos-renyi:n=10", "degree"]),
            (["--graph", "ring:n=6,endowment=lognormal:0"], ["endowment", "lognormal:0"]),
            (["--graph", "ring:n=6", "--community=-1"], ["community", "-1"]),
            (["--graph", "ring:n=6", "--schedule", "damped", "--damping", "1.5"], ["damping", "1.5"]),
            (["--graph", "ring:n=6", "--tolerance", "0"], ["tolerance", "0"]),
            (["--graph", "ring:n=6", "--iterations", "100000000"], ["iterations", "100000000"]),
            (["--graph", "ring:n=6", "--record-every", "0"], ["--record-every", "0"]),
            (["--graph", "ring:n=6", "--threads", "0"], ["threads", "0"]),
            (["--graph", "ring:n=6", "--method", "equilibrium", "--format", "csv"], ["--format csv"]),
        ]
        for (arguments, fragments) in cases {
            let run = CommandRun(["network"] + arguments)
            #expect(run.isUsageError(mentioning: fragments), "\(run)")
        }
    }
}
