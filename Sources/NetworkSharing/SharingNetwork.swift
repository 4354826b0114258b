import SurplusCore

/// An undirected sharing network in compressed adjacency (CSR) form (document 004, Sec. 1 and 5).
///
/// Agent `j` holds each round an endowment epsilon_j of a perishable resource worth v_j per unit,
/// and sends all of it to its neighbours N_j. The adjacency of agent `i` is
/// `neighbours[rowStart[i] ..< rowStart[i + 1]]`, sorted by agent index; the directed entry
/// `e = (i -> j)` in that row has its reverse entry `(j -> i)` at `reverse[e]`. Every per-edge
/// quantity of the module (shares, amounts sent) is indexed by these entries.
///
/// Validated once in the initializer; nothing downstream re-checks.
public struct SharingNetwork: Sendable {
    /// Agent ids, in index order.
    public let ids: [String]
    /// epsilon_j: the amount agent j has to send each round (document 004, Sec. 5).
    public let endowments: [Double]
    /// v_j: the value of one unit of agent j's resource.
    public let values: [Double]
    /// w_j = epsilon_j * v_j: the value agent j sends each round, and its weight in the
    /// community utility of the poster's program (Sec. 5).
    public let weights: [Double]
    /// CSR row offsets, `agentCount + 1` of them.
    public let rowStart: [Int]
    /// CSR column indices (neighbour agent indices), `2 * edgeCount` of them.
    public let neighbours: [Int32]
    /// For the directed entry e = (i -> j), the index of the entry (j -> i).
    public let reverse: [Int32]

    public var agentCount: Int { ids.count }
    /// Number of undirected edges.
    public var edgeCount: Int { neighbours.count / 2 }
    /// Number of directed entries (twice the number of edges).
    public var entryCount: Int { neighbours.count }
    /// Sum of all weights: the total value sent (and received) each round.
    public var totalWeight: Double { weights.reduce(0, +) }

    /// The degree of agent `i`.
    @inlinable public func degree(_ i: Int) -> Int { rowStart[i + 1] - rowStart[i] }

    /// The adjacency range of agent `i` in `neighbours`, `reverse` and every per-entry array.
    @inlinable public func entries(of i: Int) -> Range<Int> { rowStart[i]..<rowStart[i + 1] }

    /// Builds and validates a network from agents and edges given as pairs of agent indices.
    ///
    /// - Throws: `InputError` for an empty or repeated id, a negative or non-finite endowment or
    ///   value, or arrays of different lengths; `NetworkError` naming the agent or edge for an edge
    ///   to an unknown index, a self-loop, a duplicate edge, an isolated agent with positive
    ///   endowment, an agent of positive weight whose neighbours all have weight 0.
    public init(ids: [String], endowments: [Double], values: [Double], edges: [(Int, Int)]) throws {
        try Validate.uniqueIDs(ids, "agents")
        let n = ids.count
        guard edges.count <= Self.maximumEdges else { throw Self.tooManyEdges(edges.count, agents: n) }
        var endpoints = [Int32](repeating: 0, count: 2 * edges.count)
        for (k, (a, b)) in edges.enumerated() {
            guard a >= 0, a < n else { throw NetworkError.unknownAgent(edge: k, id: "#\(a)") }
            guard b >= 0, b < n else { throw NetworkError.unknownAgent(edge: k, id: "#\(b)") }
            endpoints[2 * k] = Int32(a)
            endpoints[2 * k + 1] = Int32(b)
        }
        try self.init(validIDs: ids, endowments: endowments, values: values, endpoints: endpoints)
    }

    /// The most edges a network holds: its entry indices are `Int32`.
    public static let maximumEdges = Int(Int32.max) / 2 - 1

    static func tooManyEdges(_ count: Int, agents n: Int) -> InputError {
        InputError(field: "edges", value: "\(count) edges on \(n) agents", expected: "at most \(maximumEdges) edges")
    }

    /// The builder behind every initializer: ids known to be unique and non-empty, and the edges
    /// as agent indices in `0 ..< ids.count`, `endpoints[2k]` and `endpoints[2k + 1]` for edge k
    /// (at most `maximumEdges` of them). Every per-agent and per-entry array is allocated once,
    /// at its final size; the rows are filled by a two-pass counting sort, so each comes out
    /// sorted by neighbour in O(agents + edges).
    init(validIDs ids: [String], endowments: [Double], values: [Double], endpoints: [Int32]) throws {
        let n = ids.count
        guard n > 0 else { throw NetworkError.noAgents }
        guard endowments.count == n else {
            throw InputError(field: "endowments", value: "\(endowments.count) entries", expected: "one per agent (\(n))")
        }
        guard values.count == n else {
            throw InputError(field: "values", value: "\(values.count) entries", expected: "one per agent (\(n))")
        }
        let edgeCount = endpoints.count / 2
        guard n < Int(Int32.max), edgeCount <= Self.maximumEdges else { throw Self.tooManyEdges(edgeCount, agents: n) }
        for i in 0..<n {
            try Validate.nonNegative(endowments[i], "agents[\(i)].endowment")
            try Validate.nonNegative(values[i], "agents[\(i)].value")
        }
        // Degrees (and self-loops), then a two-pass counting sort of the directed entries by (source, target).
        var start = [Int](repeating: 0, count: n + 1)
        try endpoints.withUnsafeBufferPointer { ends in
            for k in 0..<edgeCount {
                let a = Int(ends[2 * k]), b = Int(ends[2 * k + 1])
                if a == b { throw NetworkError.selfLoop(edge: k, agent: ids[a]) }
                start[a + 1] += 1
                start[b + 1] += 1
            }
        }
        for i in 0..<n { start[i + 1] += start[i] }
        let m2 = start[n]
        var column = [Int32](repeating: 0, count: m2)
        var edgeOf = [Int32](repeating: 0, count: m2)
        var cursor = Array(start[0..<n])
        // Pass 1: entries bucketed by target, in edge order; pass 2: distributed by source
        // (stable), so every row is sorted by target.
        do {
            var byTargetSource = [Int32](repeating: 0, count: m2)
            var byTargetEdge = [Int32](repeating: 0, count: m2)
            endpoints.withUnsafeBufferPointer { ends in
                byTargetSource.withUnsafeMutableBufferPointer { source in
                    byTargetEdge.withUnsafeMutableBufferPointer { edge in
                        cursor.withUnsafeMutableBufferPointer { cursor in
                            for k in 0..<edgeCount {
                                let a = Int(ends[2 * k]), b = Int(ends[2 * k + 1])
                                source[cursor[b]] = Int32(a); edge[cursor[b]] = Int32(k); cursor[b] += 1
                                source[cursor[a]] = Int32(b); edge[cursor[a]] = Int32(k); cursor[a] += 1
                            }
                        }
                    }
                }
            }
            for i in 0..<n { cursor[i] = start[i] }
            byTargetSource.withUnsafeBufferPointer { source in
                byTargetEdge.withUnsafeBufferPointer { edge in
                    column.withUnsafeMutableBufferPointer { column in
                        edgeOf.withUnsafeMutableBufferPointer { edgeOf in
                            cursor.withUnsafeMutableBufferPointer { cursor in
                                for t in 0..<n {
                                    for e in start[t]..<start[t + 1] {
                                        let s = Int(source[e])
                                        column[cursor[s]] = Int32(t)
                                        edgeOf[cursor[s]] = edge[e]
                                        cursor[s] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Duplicates are adjacent in a sorted row; report the later edge.
        for i in 0..<n where start[i + 1] - start[i] > 1 {
            for e in (start[i] + 1)..<start[i + 1] where column[e] == column[e - 1] {
                throw NetworkError.duplicateEdge(
                    edge: Int(max(edgeOf[e], edgeOf[e - 1])), first: ids[i], second: ids[Int(column[e])])
            }
        }
        edgeOf = []
        // Reverse entries: visiting rows in increasing i meets row j's entries in increasing order.
        var reverse = [Int32](repeating: 0, count: m2)
        for i in 0..<n { cursor[i] = start[i] }
        column.withUnsafeBufferPointer { column in
            reverse.withUnsafeMutableBufferPointer { reverse in
                cursor.withUnsafeMutableBufferPointer { cursor in
                    for i in 0..<n {
                        for e in start[i]..<start[i + 1] {
                            let j = Int(column[e])
                            reverse[e] = Int32(cursor[j])
                            cursor[j] += 1
                        }
                    }
                }
            }
        }
        let weights = (0..<n).map { endowments[$0] * values[$0] }
        guard weights.contains(where: { $0 > 0 }) else {
            throw InputError(
                field: "agents", value: "every endowment x value = 0",
                expected: "at least one agent with a positive endowment and value (otherwise nothing is shared)")
        }
        for i in 0..<n {
            if start[i + 1] == start[i] {
                if endowments[i] > 0 { throw NetworkError.isolatedAgent(agent: ids[i], endowment: endowments[i]) }
            }
            if weights[i] > 0, !(start[i]..<start[i + 1]).contains(where: { weights[Int(column[$0])] > 0 }) {
                throw NetworkError.starvedAgent(agent: ids[i])
            }
        }
        self.ids = ids
        self.endowments = endowments
        self.values = values
        self.weights = weights
        self.rowStart = start
        self.neighbours = column
        self.reverse = reverse
    }

    /// Builds a network from agents and edges given by agent id (the graph file's form).
    ///
    /// - Throws: `NetworkError.unknownAgent` naming the edge and the id, and everything
    ///   `init(ids:endowments:values:edges:)` throws.
    public init(agents: [NetworkDescription.Agent], edges: [[String]]) throws {
        let ids = agents.map(\.id)
        try Validate.uniqueIDs(ids, "agents")
        guard edges.count <= Self.maximumEdges else { throw Self.tooManyEdges(edges.count, agents: ids.count) }
        let index = Dictionary(uniqueKeysWithValues: zip(ids, ids.indices))
        var endpoints: [Int32] = []
        endpoints.reserveCapacity(2 * edges.count)
        for (k, edge) in edges.enumerated() {
            guard edge.count == 2 else {
                throw NetworkError.malformedEdge(edge: k, reason: "expected a pair of agent ids, found \(edge.count) ids")
            }
            guard let a = index[edge[0]] else { throw NetworkError.unknownAgent(edge: k, id: edge[0]) }
            guard let b = index[edge[1]] else { throw NetworkError.unknownAgent(edge: k, id: edge[1]) }
            endpoints.append(Int32(a))
            endpoints.append(Int32(b))
        }
        try self.init(validIDs: ids, endowments: agents.map(\.endowment), values: agents.map(\.value), endpoints: endpoints)
    }

    /// Builds a network from its file description (see `NetworkDescription`).
    public init(_ description: NetworkDescription) throws {
        try self.init(agents: description.agents, edges: description.edges)
    }
}
