import Foundation

/// A sharing network as a graph file holds it (strict JSON: an unknown field is an error):
///
/// ```json
/// { "agents": [ { "id": "a", "endowment": 1.0, "value": 1.2 }, { "id": "b", "endowment": 0.5, "value": 2.0 } ],
///   "edges":  [ ["a", "b"] ] }
/// ```
public struct NetworkDescription: Codable, Sendable, Equatable {
    /// One agent: its id, endowment epsilon_j and resource value v_j.
    public struct Agent: Codable, Sendable, Equatable {
        public var id: String
        /// epsilon_j >= 0.
        public var endowment: Double
        /// v_j >= 0.
        public var value: Double

        public init(id: String, endowment: Double, value: Double) {
            self.id = id
            self.endowment = endowment
            self.value = value
        }
    }

    public var agents: [Agent]
    /// Undirected edges as pairs of agent ids.
    public var edges: [[String]]

    public init(agents: [Agent], edges: [[String]]) {
        self.agents = agents
        self.edges = edges
    }
}

/// Reading edge lists and agent tables from CSV text (pure: the caller reads the file).
public enum NetworkCSV {
    /// Parses an edge list: one `source,target` pair per line. A first line `source,target` or
    /// `from,to` is a header and skipped (or say so with `hasHeader`). Blank lines and lines
    /// starting with `#` are ignored.
    ///
    /// - Throws: `NetworkError.invalidCSV` naming the line.
    public static func edges(from text: String, hasHeader: Bool? = nil) throws -> [[String]] {
        var result: [[String]] = []
        for (number, fields) in try rows(text) {
            guard fields.count == 2 else {
                throw NetworkError.invalidCSV(line: number, reason: "expected 'source,target', found \(fields.count) fields")
            }
            if result.isEmpty, isHeader(fields, hasHeader: hasHeader, names: [["source", "target"], ["from", "to"]]) {
                continue
            }
            result.append(fields)
        }
        return result
    }

    /// Parses an agent table: `id,endowment,value` per line (header optional).
    ///
    /// - Throws: `NetworkError.invalidCSV` naming the line and the field.
    public static func agents(from text: String) throws -> [NetworkDescription.Agent] {
        var result: [NetworkDescription.Agent] = []
        for (number, fields) in try rows(text) {
            guard fields.count == 3 else {
                throw NetworkError.invalidCSV(line: number, reason: "expected 'id,endowment,value', found \(fields.count) fields")
            }
            if result.isEmpty, fields[0].lowercased() == "id", Double(fields[1]) == nil { continue }
            guard let endowment = Double(fields[1]) else {
                throw NetworkError.invalidCSV(line: number, reason: "endowment '\(fields[1])' is not a number")
            }
            guard let value = Double(fields[2]) else {
                throw NetworkError.invalidCSV(line: number, reason: "value '\(fields[2])' is not a number")
            }
            result.append(.init(id: fields[0], endowment: endowment, value: value))
        }
        return result
    }

    /// A network description from a CSV edge list and, optionally, an agent table
    /// (`id,endowment,value`). Without a table, every agent an edge names has endowment 1 and
    /// value 1, in the order the edges first name them.
    ///
    /// - Throws: `NetworkError.invalidCSV` naming the line.
    public static func description(edges edgeText: String, agents agentText: String?) throws -> NetworkDescription {
        let edges = try self.edges(from: edgeText)
        if let agentText { return NetworkDescription(agents: try agents(from: agentText), edges: edges) }
        var seen = Set<String>()
        let named = edges.flatMap { $0 }.filter { seen.insert($0).inserted }
        return NetworkDescription(agents: named.map { .init(id: $0, endowment: 1, value: 1) }, edges: edges)
    }

    static func isHeader(_ fields: [String], hasHeader: Bool?, names: [[String]]) -> Bool {
        if let hasHeader { return hasHeader }
        return names.contains(fields.map { $0.lowercased() })
    }

    static func rows(_ text: String) throws -> [(Int, [String])] {
        var out: [(Int, [String])] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
            }
            if fields.contains(where: \.isEmpty) {
                throw NetworkError.invalidCSV(line: index + 1, reason: "empty field")
            }
            out.append((index + 1, fields))
        }
        return out
    }
}
