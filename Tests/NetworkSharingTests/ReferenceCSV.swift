import Foundation
import NetworkSharing

/// The string-based CSV reader that `NetworkFile.csv` replaced (split the text into lines and
/// fields, then build from ids), kept only as the reference the streaming reader is checked
/// against in `NetworkFileTests`.
enum ReferenceCSV {
    static func edges(from text: String) throws -> [[String]] {
        var result: [[String]] = []
        for (number, fields) in try rows(text) {
            guard fields.count == 2 else { throw NetworkError.invalidCSV(line: number, reason: "fields") }
            if result.isEmpty, [["source", "target"], ["from", "to"]].contains(fields.map { $0.lowercased() }) { continue }
            result.append(fields)
        }
        return result
    }

    static func agents(from text: String) throws -> [NetworkDescription.Agent] {
        var result: [NetworkDescription.Agent] = []
        for (number, fields) in try rows(text) {
            guard fields.count == 3 else { throw NetworkError.invalidCSV(line: number, reason: "fields") }
            if result.isEmpty, fields[0].lowercased() == "id", Double(fields[1]) == nil { continue }
            guard let endowment = Double(fields[1]), let value = Double(fields[2]) else {
                throw NetworkError.invalidCSV(line: number, reason: "not a number")
            }
            result.append(.init(id: fields[0], endowment: endowment, value: value))
        }
        return result
    }

    /// The network of an edge list and an optional agent table, the old way.
    static func network(edges edgeText: String, agents agentText: String?) throws -> SharingNetwork {
        let edges = try self.edges(from: edgeText)
        if let agentText { return try SharingNetwork(agents: try agents(from: agentText), edges: edges) }
        var seen = Set<String>()
        let named = edges.flatMap { $0 }.filter { seen.insert($0).inserted }
        return try SharingNetwork(agents: named.map { .init(id: $0, endowment: 1, value: 1) }, edges: edges)
    }

    static func rows(_ text: String) throws -> [(Int, [String])] {
        var out: [(Int, [String])] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
            }
            if fields.contains(where: \.isEmpty) { throw NetworkError.invalidCSV(line: index + 1, reason: "empty field") }
            out.append((index + 1, fields))
        }
        return out
    }
}
