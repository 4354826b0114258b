import Foundation

/// A sharing network as a value: the form of the JSON graph file (which `NetworkFile.json` reads
/// straight into a `SharingNetwork`), for a caller that has the agents and edges as values:
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
