import Foundation
import SurplusCore

/// A law for generated endowments epsilon_j or values v_j.
public enum AttributeLaw: Sendable, Equatable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    /// exp(N(mu, sigma^2)).
    case logNormal(mu: Double, sigma: Double)

    /// Parses `constant:C`, `uniform:LO:HI` or `lognormal:MU:SIGMA`.
    ///
    /// - Throws: `InputError` naming `field`.
    public init(spec: String, field: String) throws {
        let parts = spec.split(separator: ":").map(String.init)
        let numbers = parts.dropFirst().map { Double($0) }
        func bad(_ expected: String) -> InputError { InputError(field: field, value: spec, expected: expected) }
        guard numbers.allSatisfy({ $0?.isFinite == true }) else { throw bad("numbers after the law's name") }
        let x = numbers.compactMap { $0 }
        switch (parts.first?.lowercased(), x.count) {
        case ("constant", 1):
            guard x[0] >= 0 else { throw bad("constant:C with C >= 0") }
            self = .constant(x[0])
        case ("uniform", 2):
            guard x[0] >= 0, x[0] <= x[1] else { throw bad("uniform:LO:HI with 0 <= LO <= HI") }
            self = .uniform(low: x[0], high: x[1])
        case ("lognormal", 2):
            guard x[1] >= 0 else { throw bad("lognormal:MU:SIGMA with SIGMA >= 0") }
            self = .logNormal(mu: x[0], sigma: x[1])
        default:
            throw bad("constant:C, uniform:LO:HI or lognormal:MU:SIGMA")
        }
    }

    func sample(using rng: inout RandomStream) -> Double {
        switch self {
        case let .constant(c): return c
        case let .uniform(low, high): return low + (high - low) * rng.nextUnit()
        case let .logNormal(mu, sigma): return exp(mu + sigma * standardNormal(using: &rng))
        }
    }

    /// A standard normal draw (Box-Muller; one of the pair is discarded for simplicity).
    func standardNormal(using rng: inout RandomStream) -> Double {
        let u1 = 1 - rng.nextUnit()  // (0, 1]
        let u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// A seeded random (or regular) network: `erdos-renyi:n=200,degree=6`,
/// `barabasi-albert:n=1000,m=3`, `ring:n=50,k=2`, `grid:rows=10,cols=20`, each with optional
/// `endowment=LAW` and `value=LAW` (default `lognormal:0:1` for both; see `AttributeLaw`).
///
/// Agents are named `0`, `1`, ... Isolated agents of an Erdos-Renyi draw (which could not
/// send their endowment) are each joined to one agent drawn uniformly at random; this is the
/// only departure from G(n, p) and is documented in the module's article.
public struct NetworkGenerator: Sendable, Equatable {
    public enum Topology: Sendable, Equatable {
        /// G(n, p) with p = degree / (n - 1): mean degree `degree`.
        case erdosRenyi(n: Int, degree: Double)
        /// Preferential attachment: a clique of m + 1 agents, then each new agent joins m
        /// distinct existing agents chosen with probability proportional to their degree.
        case barabasiAlbert(n: Int, m: Int)
        /// A ring where each agent is joined to its k nearest agents on each side.
        case ring(n: Int, k: Int)
        /// A rows x cols grid, 4-neighbour.
        case grid(rows: Int, cols: Int)

        /// The number of edges, or its expectation for Erdos-Renyi.
        var expectedEdges: Double {
            switch self {
            case let .erdosRenyi(n, degree): Double(n) * degree / 2
            case let .barabasiAlbert(n, m): Double(n) * Double(m)
            case let .ring(n, k): Double(n) * Double(k)
            case let .grid(rows, cols): 2 * Double(rows) * Double(cols)
            }
        }
    }

    public var topology: Topology
    public var endowment: AttributeLaw
    public var value: AttributeLaw

    /// The law of endowments and values unless a specification names one: log-normal(0, 1).
    public static let defaultLaw = AttributeLaw.logNormal(mu: 0, sigma: 1)
    /// The most agents a specification may ask for.
    public static let maximumAgents = 10_000_000
    /// The most edges (expected, for Erdos-Renyi) a specification may ask for.
    public static let maximumEdges = 100_000_000

    public init(topology: Topology, endowment: AttributeLaw = defaultLaw, value: AttributeLaw = defaultLaw) {
        self.topology = topology
        self.endowment = endowment
        self.value = value
    }

    /// The generators by name, as `--graph NAME:...` spells them.
    public static let names = ["erdos-renyi", "barabasi-albert", "ring", "grid"]

    /// Whether `text` is written as a generator, `NAME:key=value,...` (a known name or not,
    /// so that a misspelt one is reported as an unknown generator, not as a missing file).
    public static func isSpec(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let name = text[..<colon]
        return !name.isEmpty && name.allSatisfy { $0.isLetter || $0 == "-" } && !text.hasSuffix(".json") && !text.hasSuffix(".csv")
    }

    /// Parses a specification such as `barabasi-albert:n=100000,m=5,endowment=lognormal:0:1`.
    ///
    /// - Throws: `NetworkError.invalidGenerator` naming the key, including for a network of more
    ///   than `maximumAgents` agents or `maximumEdges` edges; `InputError` for a bad law.
    public init(spec: String) throws {
        let colon = spec.firstIndex(of: ":") ?? spec.endIndex
        let name = spec[..<colon].lowercased()
        let body = colon < spec.endIndex ? spec[spec.index(after: colon)...] : ""
        var options: [String: String] = [:]
        for item in body.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw NetworkError.invalidGenerator(spec: spec, reason: "expected key=value, found '\(item)'") }
            guard options.updateValue(kv[1], forKey: kv[0].lowercased()) == nil else {
                throw NetworkError.invalidGenerator(spec: spec, reason: "key '\(kv[0])' is given twice")
            }
        }
        func integer(_ key: String, min: Int, default value: Int? = nil) throws -> Int {
            guard let text = options.removeValue(forKey: key) else {
                if let value { return value }
                throw NetworkError.invalidGenerator(spec: spec, reason: "missing \(key)=")
            }
            guard let x = Int(text), x >= min, x <= Self.maximumAgents else {
                throw NetworkError.invalidGenerator(
                    spec: spec, reason: "\(key) = \(text); expected an integer in \(min)...\(Self.maximumAgents)")
            }
            return x
        }
        let topology: Topology
        switch name {
        case "erdos-renyi":
            let n = try integer("n", min: 2)
            guard let text = options.removeValue(forKey: "degree"), let d = Double(text), d > 0, d <= Double(n - 1) else {
                throw NetworkError.invalidGenerator(spec: spec, reason: "degree=D with 0 < D <= n - 1 is required")
            }
            topology = .erdosRenyi(n: n, degree: d)
        case "barabasi-albert":
            let n = try integer("n", min: 2)
            let m = try integer("m", min: 1)
            guard m < n else { throw NetworkError.invalidGenerator(spec: spec, reason: "m = \(m); expected m < n") }
            topology = .barabasiAlbert(n: n, m: m)
        case "ring":
            let n = try integer("n", min: 3)
            let k = try integer("k", min: 1, default: 1)
            guard 2 * k < n else { throw NetworkError.invalidGenerator(spec: spec, reason: "k = \(k); expected 2k < n") }
            topology = .ring(n: n, k: k)
        case "grid":
            let rows = try integer("rows", min: 1)
            let cols = try integer("cols", min: 1)
            guard rows * cols >= 2 else { throw NetworkError.invalidGenerator(spec: spec, reason: "expected at least 2 cells") }
            guard rows * cols <= Self.maximumAgents else {
                throw NetworkError.invalidGenerator(spec: spec, reason: "expected at most \(Self.maximumAgents) cells")
            }
            topology = .grid(rows: rows, cols: cols)
        default:
            throw NetworkError.invalidGenerator(
                spec: spec, reason: "unknown generator '\(name)'; expected one of \(Self.names.joined(separator: ", "))")
        }
        guard topology.expectedEdges <= Double(Self.maximumEdges) else {
            throw NetworkError.invalidGenerator(
                spec: spec, reason: "about \(Int(topology.expectedEdges)) edges; expected at most \(Self.maximumEdges)")
        }
        let endowment = try options.removeValue(forKey: "endowment").map { try AttributeLaw(spec: $0, field: "endowment") }
        let value = try options.removeValue(forKey: "value").map { try AttributeLaw(spec: $0, field: "value") }
        if let unknown = options.keys.sorted().first {
            throw NetworkError.invalidGenerator(spec: spec, reason: "unknown key '\(unknown)'")
        }
        self.init(topology: topology, endowment: endowment ?? Self.defaultLaw, value: value ?? Self.defaultLaw)
    }

    /// Draws the network from the streams of `options.seed`. The same generator and seed give
    /// the same network.
    public func generate(_ options: RunOptions) throws -> SharingNetwork {
        var rng = options.stream(.generatedEdges)
        let (n, edges) = edgeList(using: &rng)
        var endowmentRNG = options.stream(.generatedEndowments)
        var valueRNG = options.stream(.generatedValues)
        let endowments = (0..<n).map { _ in endowment.sample(using: &endowmentRNG) }
        let values = (0..<n).map { _ in value.sample(using: &valueRNG) }
        return try SharingNetwork(ids: (0..<n).map(String.init), endowments: endowments, values: values, edges: edges)
    }

    func edgeList(using rng: inout RandomStream) -> (Int, [(Int, Int)]) {
        switch topology {
        case let .erdosRenyi(n, degree):
            return (n, Self.erdosRenyi(n: n, p: degree / Double(n - 1), using: &rng))
        case let .barabasiAlbert(n, m):
            return (n, Self.barabasiAlbert(n: n, m: m, using: &rng))
        case let .ring(n, k):
            var edges: [(Int, Int)] = []
            for i in 0..<n { for s in 1...k { edges.append((i, (i + s) % n)) } }
            return (n, edges)
        case let .grid(rows, cols):
            var edges: [(Int, Int)] = []
            for r in 0..<rows {
                for c in 0..<cols {
                    let i = r * cols + c
                    if c + 1 < cols { edges.append((i, i + 1)) }
                    if r + 1 < rows { edges.append((i, i + cols)) }
                }
            }
            return (rows * cols, edges)
        }
    }

    /// G(n, p) by geometric skipping over the pairs (i < j) (Batagelj & Brandes 2005), then each
    /// isolated agent joined to one agent drawn uniformly at random.
    static func erdosRenyi(n: Int, p: Double, using rng: inout RandomStream) -> [(Int, Int)] {
        var edges: [(Int, Int)] = []
        edges.reserveCapacity(Int(Double(n) * Double(n - 1) / 2 * p * 1.05) + 16)
        var degree = [Int](repeating: 0, count: n)
        if p >= 1 {
            for j in 1..<n { for i in 0..<j { edges.append((i, j)) } }
        } else {
            let logQ = log(1 - p)
            var v = 1, w = -1
            while v < n {
                let r = 1 - rng.nextUnit()
                w += 1 + Int(floor(log(r) / logQ))
                while w >= v && v < n { w -= v; v += 1 }
                if v < n { edges.append((w, v)); degree[w] += 1; degree[v] += 1 }
            }
        }
        for i in 0..<n where degree[i] == 0 {
            var j = rng.nextIndex(below: n - 1)
            if j >= i { j += 1 }
            edges.append((i, j))
            degree[i] += 1
            degree[j] += 1
        }
        return edges
    }

    /// Barabasi-Albert preferential attachment with a repeated-endpoint list.
    static func barabasiAlbert(n: Int, m: Int, using rng: inout RandomStream) -> [(Int, Int)] {
        var edges: [(Int, Int)] = []
        edges.reserveCapacity(n * m)
        var endpoints: [Int32] = []
        endpoints.reserveCapacity(2 * n * m + m * m)
        let seedSize = min(n, m + 1)
        for j in 1..<seedSize {
            for i in 0..<j {
                edges.append((i, j)); endpoints.append(Int32(i)); endpoints.append(Int32(j))
            }
        }
        var chosen: [Int] = []
        for v in seedSize..<max(seedSize, n) {
            chosen.removeAll(keepingCapacity: true)
            while chosen.count < m {
                let t = Int(endpoints[rng.nextIndex(below: endpoints.count)])
                if !chosen.contains(t) { chosen.append(t) }
            }
            for t in chosen {
                edges.append((t, v)); endpoints.append(Int32(t)); endpoints.append(Int32(v))
            }
        }
        return edges
    }
}
