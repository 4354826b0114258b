import Foundation
import SurplusCore

/// Reading a sharing network from its file forms straight into the CSR of `SharingNetwork`
/// (pure: the caller reads the files; the bytes are scanned once, ids are interned by their
/// bytes in an `IdentifierTable`, and no `String` is made per field or edge).
///
/// - **CSV edge list**: one `source,target` pair per line. A first line `source,target` or
///   `from,to` (any case) is a header and skipped. Blank lines and lines starting with `#` are
///   ignored; spaces, tabs and double quotes around a field are dropped; `\r\n` ends a line too.
/// - **CSV agent table** (optional): `id,endowment,value` per line, header optional. Without a
///   table, every agent an edge names has endowment 1 and value 1, in the order the edges first
///   name them.
/// - **JSON graph file** (`NetworkDescription`'s form, strict: an unknown or repeated field is an
///   error): `{ "agents": [ { "id": "a", "endowment": 1.0, "value": 1.2 } ], "edges": [ ["a", "b"] ] }`,
///   fields in any order.
///
/// Every error is one line: a CSV error names the line (and the field), a JSON error the path of
/// the value (`agents[3].endowment: expected a number`) or, for malformed JSON, the line and
/// column. Memory is proportional to the input: nothing is sized from a count the input states.
public enum NetworkFile {
    /// A network from a CSV edge list and, optionally, an agent table.
    ///
    /// - Throws: `NetworkError.invalidCSV` or `.invalidAgentTable` naming the line, and what
    ///   `SharingNetwork`'s initializer throws (a self-loop or duplicate edge named by its line).
    public static func csv(edges: Data, agents: Data? = nil) throws -> SharingNetwork {
        var table = IdentifierTable(expected: 1 << 12)
        var endowments: [Double] = []
        var values: [Double] = []
        var endpoints: [Int32] = []
        if let agents {
            try agents.withUnsafeBytes { bytes in
                var scanner = CSVScanner(bytes, agentTable: true)
                try scanner.readAgents(into: &table, endowments: &endowments, values: &values)
            }
        }
        try edges.withUnsafeBytes { bytes in
            var scanner = CSVScanner(bytes)
            try scanner.readEdges(table: &table, knownAgents: agents == nil ? nil : table.count, into: &endpoints)
        }
        if agents == nil {
            endowments = [Double](repeating: 1, count: table.count)
            values = endowments
        }
        let ids = try table.strings(0..<table.count) { k in
            InputError(field: "agents[\(k)].id", value: "(bytes)", expected: "UTF-8 text")
        }
        do {
            return try SharingNetwork(validIDs: ids, endowments: endowments, values: values, endpoints: endpoints)
        } catch let error as NetworkError {
            // Name an edge by its line.
            let edge: Int? = switch error {
            case let .selfLoop(k, _), let .duplicateEdge(k, _, _): k
            default: nil
            }
            guard let edge, let line = edges.withUnsafeBytes({ bytes in
                var scanner = CSVScanner(bytes)
                return scanner.lineOfEdge(edge)
            }) else { throw error }
            throw NetworkError.invalidCSV(line: line, reason: "\(error)")
        }
    }

    /// A network from a JSON graph file.
    ///
    /// - Throws: `NetworkError.invalidJSON` naming the path or the line and column,
    ///   `NetworkError.unknownAgent` for an edge naming an agent the file does not list, and
    ///   what `SharingNetwork`'s initializer throws.
    public static func json(_ data: Data) throws -> SharingNetwork {
        var graph = JSONGraph()
        try data.withUnsafeBytes { bytes in
            var parser = JSONGraphParser(bytes)
            try parser.parse(into: &graph)
        }
        return try graph.network()
    }
}
