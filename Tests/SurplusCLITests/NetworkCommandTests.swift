import Foundation
import Testing
import NetworkSharing
@testable import SurplusCLI
import SurplusTestSupport

/// `surplus network`: exit status, and the JSON contract of DESIGN.md.
@Suite struct NetworkCommandTests {
    @Test func generatorRunsForEveryMethod() {
        for method in ["cmap", "proportional", "equilibrium"] {
            let status = Surplus.main(arguments: [
                "network", "--graph", "erdos-renyi:n=40,degree=4", "--method", method, "--iterations", "5", "--format", "json",
            ])
            #expect(status == 0, "\(method)")
        }
        #expect(Surplus.main(arguments: ["network", "--graph", "ring:n=6", "--schedule", "damped", "--format", "csv"]) == 0)
    }

    @Test func graphFileGivesUtilitiesByAgentID() throws {
        let path = try temporaryFile(
            #"""
            { "agents": [ { "id": "a", "endowment": 1.0, "value": 1.2 }, { "id": "b", "endowment": 0.5, "value": 2.0 },
                          { "id": "c", "endowment": 2.0, "value": 1.0 } ],
              "edges": [ ["a", "b"], ["b", "c"] ] }
            """#)
        let command = try NetworkCommand.parse(["--graph", path, "--method", "proportional", "--iterations", "3"])
        let network = try command.loadNetwork()
        #expect(network.ids == ["a", "b", "c"])
        #expect(Surplus.main(arguments: ["network", "--graph", path, "--format", "json"]) == 0)
    }

    @Test func invalidInputExitsWithStatusTwo() throws {
        let unknown = try temporaryFile(#"{ "agents": [ { "id": "a", "endowment": 1, "value": 1 } ], "edges": [ ["a", "z"] ] }"#)
        #expect(Surplus.main(arguments: ["network", "--graph", unknown]) == 2)
        let typo = try temporaryFile(#"{ "agents": [], "edges": [], "edgez": [] }"#)
        #expect(Surplus.main(arguments: ["network", "--graph", typo]) == 2)
        #expect(Surplus.main(arguments: ["network", "--graph", "erdos-renyi:n=10"]) == 2)
        #expect(Surplus.main(arguments: ["network", "--graph", "ring:n=6", "--community=-1"]) == 2)
        #expect(Surplus.main(arguments: ["network", "--graph", "ring:n=6", "--schedule", "damped", "--damping", "1.5"]) == 2)
        #expect(Surplus.main(arguments: ["network", "--graph", "ring:n=6", "--method", "equilibrium", "--format", "csv"]) == 2)
    }

    @Test func csvEdgeListWithAgentTable() throws {
        let edges = try temporaryFile("source,target\na,b\nb,c\n", suffix: ".csv")
        let agents = try temporaryFile("id,endowment,value\na,1,1\nb,2,1\nc,1,3\n", suffix: ".csv")
        let command = try NetworkCommand.parse(["--graph", edges, "--agents", agents])
        let network = try command.loadNetwork()
        #expect(network.weights == [1, 2, 3])
        #expect(Surplus.main(arguments: ["network", "--graph", edges, "--agents", agents, "--format", "csv"]) == 0)
    }
}
