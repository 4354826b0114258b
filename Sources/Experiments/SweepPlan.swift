import Foundation
import SurplusCore

/// Every run of a sweep, enumerated once (`surplus sweep plan`): the points of the
/// spec's grid, each with its replicate seeds, and a hash that ties shards to the plan.
///
/// A row is one (point, replicate) pair; rows are numbered point-major
/// (`row = point x replicates + replicate`). A row's seed derives from the base seed, the
/// point's index and the replicate's index only, never from a shard, so the merged
/// result does not depend on how the plan was cut.
public struct SweepPlan: Sendable, Codable, Equatable {
    public let spec: SweepSpec
    /// The `surplus` version that wrote the plan; shards run by another version are refused.
    public let toolVersion: String
    /// The varied parameters' values, one list per point, in ``SweepSpec/parameterNames`` order.
    public let points: [[ParameterValue]]
    /// Each row's seed, row-major.
    public let seeds: [UInt64]
    /// SHA-256 of the canonical encoding of spec, points and seeds.
    public let hash: String

    /// The streams of a row's seed: the point's, then the replicate's within it.
    static let pointStream = StreamName(1, "sweep point")
    static let replicateStream = StreamName(2, "sweep replicate")

    /// Enumerates the plan of a spec (validated here).
    public init(spec: SweepSpec, toolVersion: String) throws {
        try spec.validate()
        let points = try spec.grid()
        let base = RunOptions.serial(seed: spec.seed)
        var seeds: [UInt64] = []
        seeds.reserveCapacity(points.count * spec.replicates)
        for point in points.indices {
            let options = base.derived(Self.pointStream, point)
            for replicate in 0..<spec.replicates { seeds.append(options.derived(Self.replicateStream, replicate).seed) }
        }
        self.spec = spec
        self.toolVersion = toolVersion
        self.points = points
        self.seeds = seeds
        hash = try Self.hash(spec: spec, points: points, seeds: seeds)
    }

    public var rowCount: Int { seeds.count }

    /// The row of `point` and `replicate`.
    public func row(point: Int, replicate: Int) -> Int { point * spec.replicates + replicate }

    /// Checks a plan read from a file: its hash must be that of its own contents.
    /// - Throws: ``SweepError/planMismatch(_:)`` for an edited or damaged plan.
    public func verify() throws {
        guard seeds.count == points.count * spec.replicates,
              points.allSatisfy({ $0.count == spec.parameters.count }),
              try Self.hash(spec: spec, points: points, seeds: seeds) == hash
        else {
            throw SweepError.planMismatch("the plan's hash does not match its contents (edited or damaged)")
        }
    }

    /// The command line of a row: the command, every parameter as `--kebab-case VALUE`
    /// (a `true` flag as `--name` alone, a `false` one left out), then the row's seed and
    /// `--format json`.
    public func arguments(row: Int) -> [String] {
        let point = points[row / spec.replicates]
        var arguments = [spec.command]
        let varied = zip(spec.parameterNames, point).map { ($0, $1) }
        let fixed = spec.fixedNames.compactMap { name in spec.fixed?[name].map { (name, $0) } }
        for (name, value) in varied + fixed {
            let option = "--" + Self.optionName(name)
            switch value {
            case .flag(true): arguments.append(option)
            case .flag(false): break
            default: arguments += [option, value.description]
            }
        }
        return arguments + ["--seed", String(seeds[row]), "--format", "json"]
    }

    /// `initialBudget` -> `initial-budget`: camelCase, the scenario files' spelling, to the option's.
    static func optionName(_ name: String) -> String {
        var option = ""
        for character in name {
            if character.isUppercase {
                option += "-" + character.lowercased()
            } else {
                option.append(character)
            }
        }
        return option
    }

    private static func hash(spec: SweepSpec, points: [[ParameterValue]], seeds: [UInt64]) throws -> String {
        struct Canonical: Encodable {
            let spec: SweepSpec
            let points: [[ParameterValue]]
            let seeds: [UInt64]
        }
        return SHA256.hex(try CanonicalJSON.encode(Canonical(spec: spec, points: points, seeds: seeds)))
    }
}

/// The one byte-exact JSON of hashes and checksums: compact, keys sorted.
enum CanonicalJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }
}
