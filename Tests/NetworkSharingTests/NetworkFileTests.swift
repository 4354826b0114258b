import Foundation
import NetworkSharing
import SurplusCore
import SurplusTestSupport
import Testing

/// The streaming graph readers (`NetworkFile`): a network written out reads back as itself,
/// random files read as the old string-based path reads them, and every malformed input gives
/// one line naming its line, column or JSON path.
@Suite struct NetworkFileTests {
    /// Everything a network is made of, for comparing two of them.
    static func parts(_ n: SharingNetwork) -> [String] {
        [n.ids.description, n.endowments.description, n.values.description, n.rowStart.description,
         n.neighbours.description, n.reverse.description]
    }

    /// The edges of a network, once each, in a fixed but scrambled order.
    static func edges(of n: SharingNetwork, seed: UInt64) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for i in 0..<n.agentCount {
            for e in n.entries(of: i) where Int(n.neighbours[e]) > i { out.append((i, Int(n.neighbours[e]))) }
        }
        var rng = RandomStream(seed: seed, stream: 99)
        out.shuffle(using: &rng)
        return out.map { rng.nextUnit() < 0.5 ? ($0.1, $0.0) : $0 }
    }

    static func csv(_ n: SharingNetwork, edges: [(Int, Int)]) -> (edges: String, agents: String) {
        var edgeText = "source,target\n", agentText = "id,endowment,value\n"
        for (a, b) in edges { edgeText += "\(n.ids[a]),\(n.ids[b])\n" }
        for i in 0..<n.agentCount { agentText += "\(n.ids[i]),\(n.endowments[i]),\(n.values[i])\n" }
        return (edgeText, agentText)
    }

    static func json(_ n: SharingNetwork, edges: [(Int, Int)]) throws -> String {
        let description = NetworkDescription(
            agents: (0..<n.agentCount).map { .init(id: n.ids[$0], endowment: n.endowments[$0], value: n.values[$0]) },
            edges: edges.map { [n.ids[$0.0], n.ids[$0.1]] })
        return String(decoding: try JSONEncoder().encode(description), as: UTF8.self)
    }

    @Test func networksReadBackAsThemselves() throws {
        for seed: UInt64 in 1...6 {
            let network = try Fixture.random(seed: seed, agents: 80)
            let edges = Self.edges(of: network, seed: seed)
            let (edgeText, agentText) = Self.csv(network, edges: edges)
            let fromCSV = try NetworkFile.csv(edges: Data(edgeText.utf8), agents: Data(agentText.utf8))
            let fromJSON = try NetworkFile.json(Data(try Self.json(network, edges: edges).utf8))
            #expect(Self.parts(fromCSV) == Self.parts(network), "seed \(seed): CSV")
            #expect(Self.parts(fromJSON) == Self.parts(network), "seed \(seed): JSON")
        }
    }

    /// A random id: digits, letters, non-ASCII letters, and (for JSON) characters that need escapes.
    static func id(_ k: Int, style: Int, json: Bool) -> String {
        switch style {
        case 0: return "\(k)"
        case 1: return "agent-\(k)"
        case 2: return "é\(k)ü"
        default: return json ? "q\"\\/\(k)\n" : "n\(k)x"
        }
    }

    /// Random graphs in random spellings (header or not, comments, blank lines, CRLF, padding,
    /// quotes; JSON with escapes and any field order): the streaming readers give exactly the
    /// network the old path (text split into strings, `StrictJSON` and `SharingNetwork(agents:edges:)`) gives.
    @Test func streamingReadersMatchTheOldPathOnRandomGraphs() throws {
        for seed: UInt64 in 1...40 {
            var rng = RandomStream(seed: seed, stream: 7)
            let network = try Fixture.random(seed: seed, agents: 20 + rng.nextIndex(below: 60))
            let style = rng.nextIndex(below: 4)
            let edges = Self.edges(of: network, seed: seed)
            // CSV, edges only (agents in order of appearance) and with a table.
            var edgeText = rng.nextUnit() < 0.5 ? "Source , Target\r\n" : ""
            for (k, (a, b)) in edges.enumerated() {
                if rng.nextUnit() < 0.1 { edgeText += "# comment \(k)\n\n   \n" }
                let pad = rng.nextUnit() < 0.3 ? " \t" : ""
                let quote = rng.nextUnit() < 0.3 ? "\"" : ""
                let end = rng.nextUnit() < 0.3 ? "\r\n" : "\n"
                edgeText += "\(pad)\(quote)\(Self.id(a, style: style, json: false))\(quote),\(pad)\(Self.id(b, style: style, json: false))\(end)"
            }
            if rng.nextUnit() < 0.5 { edgeText.removeLast() }
            var agentText = rng.nextUnit() < 0.5 ? "id,endowment,value\n" : ""
            for i in 0..<network.agentCount {
                agentText += "\(Self.id(i, style: style, json: false)), \(network.endowments[i]),\(network.values[i])\n"
            }
            // The old path split lines on the Character "\n", which "\r\n" (one Character in Swift)
            // is not, so it could not read CRLF files at all; it reads their LF spelling.
            let lf = edgeText.replacingOccurrences(of: "\r\n", with: "\n")
            let plain = try NetworkFile.csv(edges: Data(edgeText.utf8))
            #expect(Self.parts(plain) == Self.parts(try ReferenceCSV.network(edges: lf, agents: nil)), "seed \(seed)")
            let tabled = try NetworkFile.csv(edges: Data(edgeText.utf8), agents: Data(agentText.utf8))
            #expect(Self.parts(tabled) == Self.parts(try ReferenceCSV.network(edges: lf, agents: agentText)), "seed \(seed)")
            // JSON, edges first or agents first, with escapes, pretty or compact.
            let agents = (0..<network.agentCount).map {
                NetworkDescription.Agent(id: Self.id($0, style: style, json: true), endowment: network.endowments[$0], value: network.values[$0])
            }
            let description = NetworkDescription(
                agents: agents, edges: edges.map { [agents[$0.0].id, agents[$0.1].id] })
            let encoder = JSONEncoder()
            if rng.nextUnit() < 0.5 { encoder.outputFormatting = [.prettyPrinted] }
            var text = String(decoding: try encoder.encode(description), as: UTF8.self)
            if rng.nextUnit() < 0.5, let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
                // Edges before agents.
                let edgesJSON = String(decoding: try JSONSerialization.data(withJSONObject: object["edges"] ?? []), as: UTF8.self)
                let agentsJSON = String(decoding: try JSONSerialization.data(withJSONObject: object["agents"] ?? []), as: UTF8.self)
                text = "{\"edges\": \(edgesJSON),\n \"agents\": \(agentsJSON)}"
            }
            let reference = try SharingNetwork(StrictJSON.decode(NetworkDescription.self, from: Data(text.utf8)))
            #expect(Self.parts(try NetworkFile.json(Data(text.utf8))) == Self.parts(reference), "seed \(seed): JSON")
        }
    }

    static func csvError(_ edges: String, agents: String? = nil) -> String {
        do {
            _ = try NetworkFile.csv(edges: Data(edges.utf8), agents: agents.map { Data($0.utf8) })
            return "no error"
        } catch { return "\(error)" }
    }

    static func jsonError(_ text: String) -> String {
        do {
            _ = try NetworkFile.json(Data(text.utf8))
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func everyMalformedCSVGivesOneLineNamingTheLine() {
        let agents = "id,endowment,value\na,1,2\nb,0.5,1\nc,2,1.5\n"
        let cases: [(String, String?, String)] = [
            ("a,b\na,b,c\n", nil, "line 2: expected 'source,target', found 3 fields"),
            ("a,b\n\nb\n", nil, "line 3: expected 'source,target', found 1 fields"),
            ("a,b\nb, \"\"\n", nil, "line 2: empty field"),
            ("a,b\nb,a\n", nil, "line 2: edges[1]: agents 'a' and 'b' are already joined"),
            ("# c\na,b\nc,c\n", nil, "line 3: edges[1]: self-loop at agent 'c'"),
            ("a,b\nb,z\n", agents, "line 2: agent 'z' is not in the agent table"),
            ("a,b\n", "a,x,1\n", "agent table, line 1: endowment 'x' is not a number"),
            ("a,b\n", "a,1,1\nb,1,\n", "agent table, line 2: empty field"),
            ("a,b\n", "a,1,1\nb,1,y\n", "agent table, line 2: value 'y' is not a number"),
            ("a,b\n", "a,1,1\nb,-1,1\n", "agent table, line 2: endowment -1 is invalid: expected a finite number >= 0"),
            ("a,b\n", "a,1,1\nb,1,inf\n", "agent table, line 2: value inf is invalid"),
            ("a,b\n", "a,1,1\na,1,1\n", "agent table, line 2: id 'a' is used by an earlier line"),
            ("a,b\n", "a,1\n", "agent table, line 1: expected 'id,endowment,value', found 2 fields"),
            ("a,b\n", "a,1,1\nb,1,1\nc,1,1\n", "agent 'c' has endowment 1 > 0 but no neighbour"),
            ("", nil, "agents: the network has no agent"),
            ("source,target\n", nil, "agents: the network has no agent"),
        ]
        for (edges, table, expected) in cases {
            let message = Self.csvError(edges, agents: table)
            #expect(message.contains(expected) && !message.contains("\n"), "\(edges.debugDescription): \(message)")
        }
    }

    @Test func everyMalformedJSONGivesOneLineNamingThePathOrPosition() {
        let agent = #"{"id": "a", "endowment": 1, "value": 1}"#
        let two = #"[{"id": "a", "endowment": 1, "value": 1}, {"id": "b", "endowment": 1, "value": 1}]"#
        let cases: [(String, String)] = [
            ("", "malformed JSON at line 1, column 1: expected '{'"),
            ("[]", "malformed JSON at line 1, column 1: expected '{'"),
            (#"{"agents": \#(two), "edges": [["a", "b"]]"#, "malformed JSON at line 1, column"),
            ("{\"agents\": \(two),\n \"edges\": [[\"a\", \"b\"]],}", "malformed JSON at line 2, column 24: expected a field name"),
            (#"{"agents": \#(two), "edges": [["a", "b"]]} x"#, "expected the end of the document"),
            (#"{"agents": \#(two), "edges": [["a", "b"]], "edgez": []}"#, "edgez: unknown field"),
            (#"{"agents": \#(two), "edges": [["a", "b"]], "edges": []}"#, "edges: repeated field"),
            (#"{"edges": [["a", "b"]]}"#, "agents: missing field"),
            (#"{"agents": \#(two)}"#, "edges: missing field"),
            (#"{"agents": {}, "edges": []}"#, "agents: expected a list"),
            (#"{"agents": [3], "edges": []}"#, "agents[0]: expected an object"),
            (#"{"agents": [{"id": "a", "endowment": "1", "value": 1}], "edges": []}"#, "agents[0].endowment: expected a number"),
            (#"{"agents": [{"id": "a", "endowment": null, "value": 1}], "edges": []}"#, "agents[0].endowment: expected a number, found null"),
            (#"{"agents": [{"id": "a", "endowment": 01, "value": 1}], "edges": []}"#, "malformed JSON at line 1, column 38: expected a number without leading zeros"),
            (#"{"agents": [{"id": "a", "endowment": 1., "value": 1}], "edges": []}"#, "expected digits after the decimal point"),
            (#"{"agents": [{"id": 7, "endowment": 1, "value": 1}], "edges": []}"#, "agents[0].id: expected a string"),
            (#"{"agents": [{"id": "a", "value": 1}], "edges": []}"#, "agents[0].endowment: missing field"),
            (#"{"agents": [{"id": "a", "endowment": 1, "value": 1, "colour": 3}], "edges": []}"#, "agents[0].colour: unknown field"),
            (#"{"agents": [\#(agent), \#(agent)], "edges": []}"#, "agents[1].id = 'a' is invalid: expected an id not used by an earlier entry"),
            (#"{"agents": [{"id": "", "endowment": 1, "value": 1}], "edges": []}"#, #"agents[0].id = "" is invalid: expected a non-empty id"#),
            (#"{"agents": [{"id": "a", "endowment": -1, "value": 1}], "edges": []}"#, "agents[0].endowment = -1 is invalid"),
            (#"{"agents": \#(two), "edges": [["a", "z"]]}"#, "edges[0]: agent 'z' is not among the agents"),
            (#"{"agents": \#(two), "edges": [["a", "b", "c"]]}"#, "edges[0]: expected a pair of agent ids, found 3 ids"),
            (#"{"agents": \#(two), "edges": [["a", 2]]}"#, "edges[0][1]: expected a string"),
            (#"{"agents": \#(two), "edges": ["a"]}"#, "edges[0]: expected a list"),
            (#"{"agents": \#(two), "edges": [["a", "b"], ["b", "a"]]}"#, "edges[1]: agents 'a' and 'b' are already joined"),
            ("{\"agents\": [{\"id\": \"a\tb\", \"endowment\": 1, \"value\": 1}], \"edges\": []}", "expected a string without control characters"),
            (#"{"agents": [{"id": "a\x", "endowment": 1, "value": 1}], "edges": []}"#, "expected a valid escape"),
            (#"{"agents": [{"id": "\ud800", "endowment": 1, "value": 1}], "edges": []}"#, "expected a low surrogate"),
            (#"{"agents": [{"id": "a"#, "(the file ends here)"),
            (#"{"agents": [], "edges": []}"#, "agents: the network has no agent"),
        ]
        for (text, expected) in cases {
            let message = Self.jsonError(text)
            #expect(message.contains(expected) && !message.contains("\n"), "\(text): \(message)")
        }
    }

    /// Escaped ids are the ids they spell: "\u00e9" and "é" name the same agent.
    @Test func escapedIDsAreTheirCharacters() throws {
        let text = #"{"agents": [{"id": "\u00e9\ud83d\ude00", "endowment": 1, "value": 1}, {"id": "b", "endowment": 1, "value": 1}], "edges": [["é😀", "b"]]}"#
        let network = try NetworkFile.json(Data(text.utf8))
        #expect(network.ids == ["é😀", "b"] && network.edgeCount == 1)
    }
}
