import Foundation
import SurplusCore

/// What a sweep runs: a command of the `surplus` tool,
/// a grid of its parameters named by their camelCase option names, fixed parameters,
/// replicate seeds, and the result fields to record.
///
/// ```json
/// { "command": "simulate", "seed": 1, "replicates": 3,
///   "parameters": { "model": ["bank", "loan"], "price": {"from": 6.5, "to": 7.5, "step": 0.5} },
///   "fixed": { "agents": 10000, "periods": 50 },
///   "record": ["tradeRatio", "zeroBidProbability"] }
/// ```
public struct SweepSpec: Sendable, Hashable, Codable {
    /// The command every point runs, e.g. `simulate`, `mfe`, `exchange`.
    public var command: String
    /// The base seed: every replicate's seed derives from it and the point's index only.
    public var seed: UInt64
    /// Replicate seeds per point.
    public var replicates: Int
    /// The varied parameters.
    public var parameters: [String: ParameterGrid]
    /// Size of the Latin hypercube sample of the `{low, high}` parameters; required with them.
    public var samples: Int?
    /// Parameters every point gets.
    public var fixed: [String: ParameterValue]?
    /// Fields of the command's JSON result to record: names, or dotted paths (`types.0.tradeRatio`).
    public var record: [String]

    /// The most replicates per point.
    public static let maximumReplicates = 10_000
    /// The most rows (points x replicates) a plan may have: bounds the plan's memory.
    public static let maximumRows = 10_000_000

    public init(
        command: String, seed: UInt64 = 1, replicates: Int = 1, parameters: [String: ParameterGrid],
        samples: Int? = nil, fixed: [String: ParameterValue]? = nil, record: [String]
    ) {
        self.command = command
        self.seed = seed
        self.replicates = replicates
        self.parameters = parameters
        self.samples = samples
        self.fixed = fixed
        self.record = record
    }

    /// The varied parameters' names, in the order of the plan's columns (alphabetical:
    /// a JSON object's key order is not kept by its readers).
    public var parameterNames: [String] { parameters.keys.sorted() }
    /// The fixed parameters' names, alphabetical.
    public var fixedNames: [String] { (fixed ?? [:]).keys.sorted() }

    /// Checks everything that can be checked without the command: names, sizes, the record.
    /// - Throws: `InputError` naming the field (`replicates`, `parameters.price`, `record[1]`, ...).
    public func validate() throws {
        guard command.range(of: "^[a-z][a-z-]*$", options: .regularExpression) != nil else {
            throw InputError(field: "command", value: command, expected: "a surplus command such as simulate, mfe or exchange")
        }
        _ = try Validate.count(replicates, 1...Self.maximumReplicates, "replicates")
        guard !parameters.isEmpty else {
            throw InputError(field: "parameters", value: "{}", expected: "at least one varied parameter")
        }
        for name in parameterNames {
            try Self.validateName(name, field: "parameters.\(name)")
            try parameters[name]?.validate("parameters.\(name)")
        }
        for name in fixedNames {
            try Self.validateName(name, field: "fixed.\(name)")
            if parameters[name] != nil {
                throw InputError(field: "fixed.\(name)", value: name, expected: "a parameter not also varied in parameters")
            }
        }
        let sampled = parameters.values.contains { $0.isSampled }
        switch (sampled, samples) {
        case (true, nil):
            throw InputError(field: "samples", value: "none", expected: "the Latin hypercube's size, with {low, high} parameters")
        case let (true, count?): _ = try Validate.count(count, 1...100_000, "samples")
        case let (false, count?):
            throw InputError(field: "samples", value: String(count), expected: "no samples without {low, high} parameters")
        case (false, nil): break
        }
        guard !record.isEmpty else { throw InputError(field: "record", value: "[]", expected: "at least one result field") }
        let columns = Set(["point", "replicate", "seed"] + parameterNames + fixedNames)
        for (i, field) in record.enumerated() {
            guard field.range(of: "^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$", options: .regularExpression) != nil else {
                throw InputError(field: "record[\(i)]", value: field, expected: "a result field name or dotted path")
            }
            guard !WallClock.isWallClock(field) else {
                throw InputError(field: "record[\(i)]", value: field, expected: "a result, not a wall-clock figure (it differs run to run)")
            }
            guard !columns.contains(field) else {
                throw InputError(field: "record[\(i)]", value: field, expected: "a result field that is not already a column")
            }
            if record[..<i].contains(field) {
                throw InputError(field: "record[\(i)]", value: field, expected: "each field recorded once")
            }
        }
        let rows = pointCount * Double(replicates)
        guard rows <= Double(Self.maximumRows) else {
            throw InputError(field: "parameters", value: "\(InputError.format(rows)) rows", expected: "at most 10,000,000 points x replicates")
        }
    }

    /// The points' parameter values (without the fixed ones): the Cartesian product of the
    /// lists and ranges, the last name varying fastest, times the Latin hypercube's samples
    /// (the slowest axis). Throws when the product would exceed ``maximumRows``.
    func grid() throws -> [[ParameterValue]] {
        let names = parameterNames
        let gridIndices = names.indices.filter { parameters[names[$0]]?.isSampled == false }
        let sampledIndices = names.indices.filter { parameters[names[$0]]?.isSampled == true }
        let axes = gridIndices.map { parameters[names[$0]]?.gridValues ?? [] }
        let combinations = pointCount
        guard combinations <= Double(Self.maximumRows) else {
            throw InputError(
                field: "parameters", value: "\(InputError.format(combinations)) points", expected: "at most 10,000,000 points")
        }
        let hypercube = sampledIndices.isEmpty
            ? [[]]
            : LatinHypercube.sample(
                intervals: sampledIndices.map { i -> (Double, Double) in
                    if case let .interval(low, high)? = parameters[names[i]] { return (low, high) }
                    return (0, 0)
                },
                count: samples ?? 1, seed: seed)
        var points: [[ParameterValue]] = []
        points.reserveCapacity(Int(combinations))
        for sample in hypercube {
            var counters = [Int](repeating: 0, count: axes.count)
            repeat {
                var point = [ParameterValue](repeating: .flag(false), count: names.count)
                for (axis, i) in gridIndices.enumerated() { point[i] = axes[axis][counters[axis]] }
                for (d, i) in sampledIndices.enumerated() { point[i] = .number(sample[d]) }
                points.append(point)
            } while Self.advance(&counters, limits: axes.map(\.count))
        }
        return points
    }

    /// How many points the grid has, as a `Double` so that no input overflows it.
    var pointCount: Double {
        parameters.values.reduce(Double(samples ?? 1)) { $0 * ($1.isSampled ? 1 : Double($1.gridValues.count)) }
    }

    /// Odometer step (last position fastest); false after the last combination.
    private static func advance(_ counters: inout [Int], limits: [Int]) -> Bool {
        var position = counters.count - 1
        while position >= 0 {
            counters[position] += 1
            if counters[position] < limits[position] { return true }
            counters[position] = 0
            position -= 1
        }
        return false
    }

    private static func validateName(_ name: String, field: String) throws {
        guard name.range(of: "^[a-z][A-Za-z0-9]*$", options: .regularExpression) != nil else {
            throw InputError(field: field, value: name, expected: "a camelCase option name such as initialBudget")
        }
        guard !["seed", "format"].contains(name) else {
            throw InputError(field: field, value: name, expected: "a parameter other than seed and format, which the sweep sets")
        }
    }
}

/// Result fields that measure the run rather than the model: never recorded, so that two
/// runs of one plan merge byte for byte.
public enum WallClock {
    /// `timing` and everything under it, and any field named like a rate or a duration
    /// (`agentPeriodsPerSecond`, `elapsedSeconds`).
    public static func isWallClock(_ path: String) -> Bool {
        let parts = path.split(separator: ".")
        guard let first = parts.first, let last = parts.last else { return false }
        return first == "timing" || last.hasSuffix("PerSecond") || last.hasSuffix("Seconds") || last == "seconds"
    }
}
