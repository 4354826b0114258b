import Foundation
import Testing
import NetworkSharing
import SurplusCore
import SurplusTestSupport

@Suite struct NetworkConstructionTests {
    @Test func compressedAdjacencyIsSortedAndReversible() throws {
        for seed: UInt64 in 1...8 {
            let network = try Fixture.random(seed: seed)
            #expect(network.entryCount == 2 * network.edgeCount)
            for i in 0..<network.agentCount {
                let row = network.entries(of: i).map { network.neighbours[$0] }
                #expect(row == row.sorted(), "seed \(seed): row \(i) not sorted")
                #expect(Set(row).count == row.count, "seed \(seed): duplicate neighbour of \(i)")
                for e in network.entries(of: i) {
                    let r = Int(network.reverse[e])
                    #expect(Int(network.neighbours[r]) == i, "seed \(seed): reverse of entry \(e)")
                    #expect(Int(network.reverse[r]) == e)
                }
            }
        }
    }

    @Test func buildsFromTheGraphFileForm() throws {
        let json = #"""
            { "agents": [ { "id": "a", "endowment": 1.0, "value": 1.2 }, { "id": "b", "endowment": 0.5, "value": 2.0 },
                          { "id": "c", "endowment": 2.0, "value": 1.0 } ],
              "edges": [ ["a", "b"], ["c", "b"] ] }
            """#
        let description = try StrictJSON.decode(NetworkDescription.self, from: Data(json.utf8))
        let network = try SharingNetwork(description)
        #expect(network.ids == ["a", "b", "c"])
        #expect(network.edgeCount == 2)
        #expect(network.degree(1) == 2)
        #expect(network.weights == [1.2, 1.0, 2.0])
    }

    @Test func unknownFieldInGraphFileIsRejected() {
        let json = #"{ "agents": [ { "id": "a", "endowment": 1, "value": 1, "colour": 3 } ], "edges": [] }"#
        #expect(throws: StrictJSON.DecodingFailure.self) {
            try StrictJSON.decode(NetworkDescription.self, from: Data(json.utf8))
        }
    }

    @Test func readsCSVEdgeListsAndAgentTables() throws {
        let edges = Data("source,target\na,b\n# comment\n\nb,c\n".utf8)
        let network = try NetworkFile.csv(edges: edges, agents: Data("id,endowment,value\na,1,2\nb,0.5,1\nc,2,1.5\n".utf8))
        #expect(network.weights == [2, 0.5, 3] && network.edgeCount == 2)
        #expect(throws: NetworkError.invalidCSV(line: 2, reason: "expected 'source,target', found 3 fields")) {
            try NetworkFile.csv(edges: Data("a,b\na,b,c\n".utf8))
        }
        #expect(throws: NetworkError.invalidAgentTable(line: 1, reason: "endowment 'x' is not a number")) {
            try NetworkFile.csv(edges: Data("a,b\n".utf8), agents: Data("a,x,1\n".utf8))
        }
        // Without an agent table every agent an edge names has endowment 1 and value 1, in order of appearance.
        let plain = try NetworkFile.csv(edges: Data("c,a\na,b\n".utf8))
        #expect(plain.ids == ["c", "a", "b"] && plain.endowments == [1, 1, 1] && plain.values == [1, 1, 1])
        #expect(try NetworkFile.csv(edges: Data("a,b\n".utf8), agents: Data("a,1,2\nb,3,4\n".utf8)).values == [2, 4])
    }

    static let agents = [
        NetworkDescription.Agent(id: "a", endowment: 1, value: 1),
        NetworkDescription.Agent(id: "b", endowment: 1, value: 1),
        NetworkDescription.Agent(id: "c", endowment: 1, value: 1),
    ]

    /// Every documented bad input gives its error, naming the agent.
    @Test func invalidInputNamesTheAgent() {
        func error(_ agents: [NetworkDescription.Agent], _ edges: [[String]]) -> String {
            do {
                _ = try SharingNetwork(agents: agents, edges: edges)
                return "no error"
            } catch { return "\(error)" }
        }
        let a = Self.agents
        #expect(error(a, [["a", "b"], ["b", "z"]]) == "edges[1]: agent 'z' is not among the agents")
        #expect(error(a, [["a", "b"], ["c", "c"]]).hasPrefix("edges[1]: self-loop at agent 'c'"))
        #expect(error(a, [["a", "b"]]) == "agent 'c' has endowment 1 > 0 but no neighbour to send it to")
        var negative = a
        negative[1].endowment = -0.5
        #expect(error(negative, [["a", "b"], ["b", "c"]])
            == "agents[1].endowment = -0.5 is invalid: expected a finite number >= 0")
        var negativeValue = a
        negativeValue[2].value = -1
        #expect(error(negativeValue, [["a", "b"], ["b", "c"]]).hasPrefix("agents[2].value = -1 is invalid"))
        var notANumber = a
        notANumber[0].value = .nan
        #expect(error(notANumber, [["a", "b"], ["b", "c"]]).hasPrefix("agents[0].value = nan is invalid"))
        #expect(error(a, [["a", "b"], ["b", "a"], ["b", "c"]]).hasPrefix("edges[1]: agents"))
        #expect(error(a, [["a", "b", "c"]]).hasPrefix("edges[0]: expected a pair"))
        #expect(error(a + [a[0]], [["a", "b"], ["b", "c"]])
            == "agents[3].id = 'a' is invalid: expected an id not used by an earlier entry")
        var unnamed = a
        unnamed[1].id = ""
        #expect(error(unnamed, [["a", "c"]]).hasPrefix("agents[1].id = \"\" is invalid"))
        #expect(error([], []) == "agents: the network has no agent; expected at least one")
        // An isolated agent with zero endowment is allowed: it has nothing to send.
        var idle = a
        idle[2].endowment = 0
        #expect(error(idle, [["a", "b"]]) == "no error")
        // Positive weight, but every neighbour sends nothing of value.
        var starved = a
        starved[1].value = 0
        #expect(error(starved, [["a", "b"], ["b", "c"]]).hasPrefix("agent 'a' has endowment * value > 0"))
    }

    @Test func generatorsAreSeededAndConnected() throws {
        for spec in ["erdos-renyi:n=300,degree=4", "barabasi-albert:n=300,m=3", "ring:n=30,k=2", "grid:rows=5,cols=7"] {
            let generator = try NetworkGenerator(spec: spec)
            let one = try generator.generate(Fixture.options(seed: 9))
            let two = try generator.generate(Fixture.options(seed: 9, threads: 2))
            #expect(one.neighbours == two.neighbours && one.endowments == two.endowments, "\(spec)")
            #expect((0..<one.agentCount).allSatisfy { one.degree($0) > 0 }, "\(spec): isolated agent")
        }
        let ba = try NetworkGenerator(spec: "barabasi-albert:n=1000,m=3").generate(.serial)
        #expect(ba.edgeCount == 3 + 3 * (1000 - 4) + 3)  // clique of 4 (6 edges), then 3 per agent
        let ring = try NetworkGenerator(spec: "ring:n=30,k=2").generate(.serial)
        #expect(ring.edgeCount == 60 && (0..<30).allSatisfy { ring.degree($0) == 4 })
        let grid = try NetworkGenerator(spec: "grid:rows=5,cols=7").generate(.serial)
        #expect(grid.edgeCount == 5 * 6 + 4 * 7)
        // Mean degree of G(n, p): 2 E / n ~ degree; sd of E is about sqrt(E) = 45 at E = 2000.
        let er = try NetworkGenerator(spec: "erdos-renyi:n=1000,degree=4").generate(Fixture.options(seed: 3))
        #expect(isApproximatelyEqual(Double(er.edgeCount), 2000, absolute: 5 * 45 + 20))
    }

    @Test func generatorSpecErrorsNameTheKey() {
        func error(_ spec: String) -> String {
            do { _ = try NetworkGenerator(spec: spec); return "no error" } catch { return "\(error)" }
        }
        #expect(error("erdos-renyi:n=200") == "generator 'erdos-renyi:n=200': degree=D with 0 < D <= n - 1 is required")
        #expect(error("barabasi-albert:n=10,m=20").contains("expected m < n"))
        #expect(error("torus:n=10").contains("unknown generator 'torus'"))
        #expect(error("ring:n=10,colour=3").contains("unknown key 'colour'"))
        #expect(error("ring:n=10,endowment=lognormal:0")
            == "endowment = lognormal:0 is invalid: expected constant:C, uniform:LO:HI or lognormal:MU:SIGMA")
        #expect(error("ring:n=10,value=uniform:2:1") == "value = uniform:2:1 is invalid: expected uniform:LO:HI with 0 <= LO <= HI")
        #expect(error("grid:rows=4,cols=4,value=uniform:1:2") == "no error")
        // No specification can ask for unbounded memory.
        #expect(error("ring:n=99999999999").contains("n = 99999999999; expected an integer in 3...10000000"))
        #expect(error("grid:rows=100000,cols=100000").contains("expected at most 10000000 cells"))
        #expect(error("erdos-renyi:n=10000000,degree=100").contains("about 500000000 edges; expected at most 100000000"))
    }
}
