import SurplusCore

/// What can be wrong with the shape of a sharing network (document 004); a bad number or id is
/// an `InputError` instead.
///
/// Each message names the agent, edge, line or generator and what was expected.
public enum NetworkError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The network has no agent.
    case noAgents
    /// An edge names an agent that is not in the agent list.
    case unknownAgent(edge: Int, id: String)
    /// An edge is not a pair of two agent ids.
    case malformedEdge(edge: Int, reason: String)
    /// An edge joins an agent to itself.
    case selfLoop(edge: Int, agent: String)
    /// The same pair of agents is joined twice.
    case duplicateEdge(edge: Int, first: String, second: String)
    /// An agent with a positive endowment has no neighbour to send it to.
    case isolatedAgent(agent: String, endowment: Double)
    /// An agent with positive weight epsilon_j v_j whose neighbours all have weight 0:
    /// its utility is 0 whatever the allocation, so log utility is undefined.
    case starvedAgent(agent: String)
    /// A line of a CSV edge list cannot be read.
    case invalidCSV(line: Int, reason: String)
    /// A line of a CSV agent table cannot be read.
    case invalidAgentTable(line: Int, reason: String)
    /// A JSON graph file cannot be read: the path of the value ("" for the document itself,
    /// whose reason then names the line and column).
    case invalidJSON(path: String, reason: String)
    /// A generator specification such as `erdos-renyi:n=200,degree=6` cannot be used.
    case invalidGenerator(spec: String, reason: String)

    public var description: String {
        switch self {
        case .noAgents:
            return "agents: the network has no agent; expected at least one"
        case let .unknownAgent(edge, id):
            return "edges[\(edge)]: agent '\(id)' is not among the agents"
        case let .malformedEdge(edge, reason):
            return "edges[\(edge)]: \(reason)"
        case let .selfLoop(edge, agent):
            return "edges[\(edge)]: self-loop at agent '\(agent)'; an agent cannot send to itself"
        case let .duplicateEdge(edge, first, second):
            return "edges[\(edge)]: agents '\(first)' and '\(second)' are already joined by an earlier edge"
        case let .isolatedAgent(agent, endowment):
            return "agent '\(agent)' has endowment \(InputError.format(endowment)) > 0 but no neighbour to send it to"
        case let .starvedAgent(agent):
            return "agent '\(agent)' has endowment * value > 0 but every neighbour has endowment * value = 0; "
                + "its utility would be 0 whatever the allocation, so the Nash welfare is undefined"
        case let .invalidCSV(line, reason):
            return "line \(line): \(reason)"
        case let .invalidAgentTable(line, reason):
            return "agent table, line \(line): \(reason)"
        case let .invalidJSON(path, reason):
            return path.isEmpty ? reason : "\(path): \(reason)"
        case let .invalidGenerator(spec, reason):
            return "generator '\(spec)': \(reason)"
        }
    }
}
