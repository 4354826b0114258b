import Foundation
import NetworkSharing
import SurplusCore

// The Swift side of compare-read-graph.sh:
//   ReadGraph write SPEC DIR   writes the generated network SPEC (seed 1) as DIR/edges.csv,
//                              DIR/agents.csv and DIR/graph.json
//   ReadGraph csv EDGES [AGENTS] | json FILE
//                              reads the file(s) and builds the network (NetworkFile), then
//                              prints the wall-clock seconds of that, file reading included

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ReadGraph: \(message)\n".utf8))
    exit(2)
}

func contents(_ path: String) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read '\(path)'") }
    return data
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "write" where arguments.count == 3:
    do {
        let network = try NetworkGenerator(spec: arguments[1]).generate(try RunOptions(seed: 1))
        var edges = "source,target\n", agents = "id,endowment,value\n"
        var pairs: [String] = []
        for i in 0..<network.agentCount {
            agents += "\(network.ids[i]),\(network.endowments[i]),\(network.values[i])\n"
            for e in network.entries(of: i) where Int(network.neighbours[e]) > i {
                edges += "\(network.ids[i]),\(network.ids[Int(network.neighbours[e])])\n"
                pairs.append("[\"\(network.ids[i])\",\"\(network.ids[Int(network.neighbours[e])])\"]")
            }
        }
        let json = "{\"agents\":[" + (0..<network.agentCount).map {
            "{\"id\":\"\(network.ids[$0])\",\"endowment\":\(network.endowments[$0]),\"value\":\(network.values[$0])}"
        }.joined(separator: ",") + "],\n\"edges\":[" + pairs.joined(separator: ",\n") + "]}\n"
        let directory = arguments[2]
        try edges.write(toFile: "\(directory)/edges.csv", atomically: true, encoding: .utf8)
        try agents.write(toFile: "\(directory)/agents.csv", atomically: true, encoding: .utf8)
        try json.write(toFile: "\(directory)/graph.json", atomically: true, encoding: .utf8)
        print("\(network.agentCount) agents, \(network.edgeCount) edges")
    } catch { fail("\(error)") }
case "csv" where arguments.count == 2 || arguments.count == 3, "json" where arguments.count == 2:
    let start = ContinuousClock.now
    do {
        let network = arguments[0] == "json"
            ? try NetworkFile.json(contents(arguments[1]))
            : try NetworkFile.csv(edges: contents(arguments[1]), agents: arguments.count == 3 ? contents(arguments[2]) : nil)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        precondition(network.edgeCount > 0)
        print(seconds)
    } catch { fail("\(error)") }
default:
    fail("usage: ReadGraph write SPEC DIR | csv EDGES [AGENTS] | json FILE")
}
