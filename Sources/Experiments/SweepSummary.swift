import SurplusCore

/// A recorded field against one parameter, one series per value of another, averaged
/// over replicates: what `surplus sweep merge --plot` draws.
public struct SweepSummary: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public let x: Double
        /// Mean of the field over the replicates.
        public let mean: Double
        /// Standard error of that mean (0 for one replicate).
        public let standardError: Double
        public let replicates: Int
    }

    public struct Line: Sendable, Equatable {
        /// `name = value` of the series parameter, or the field's name when there is none.
        public let name: String
        public let points: [Point]
    }

    public let x: String
    public let y: String
    public let lines: [Line]

    /// Groups `table`'s rows by `series` and `x` after keeping those matching `filters`
    /// (parameter name -> value as written in the CSV).
    /// - Throws: `InputError` naming `x`, `y`, `series` or `where` when a name is not a varied
    ///   parameter or recorded field, `x` or `y` is not numeric, or another varied
    ///   parameter still takes several values (fix it with a filter).
    public init(_ table: SweepTable, x: String, y: String, series: String?, filters: [String: String] = [:]) throws {
        let spec = table.plan.spec
        let names = spec.parameterNames
        guard let xIndex = names.firstIndex(of: x) else {
            throw InputError(field: "x", value: x, expected: "a varied parameter (\(names.joined(separator: ", ")))")
        }
        guard let yIndex = spec.record.firstIndex(of: y) else {
            throw InputError(field: "y", value: y, expected: "a recorded field (\(spec.record.joined(separator: ", ")))")
        }
        let seriesIndex = try series.map { name -> Int in
            guard let i = names.firstIndex(of: name), name != x else {
                throw InputError(field: "series", value: name, expected: "a varied parameter other than x")
            }
            return i
        }
        for name in filters.keys.sorted() where !names.contains(name) {
            throw InputError(field: "where", value: name, expected: "a varied parameter (\(names.joined(separator: ", ")))")
        }
        let kept = table.rows.filter { row in
            filters.allSatisfy { name, value in names.firstIndex(of: name).map { table.plan.points[row.point][$0].description == value } ?? false }
        }
        guard !kept.isEmpty else { throw InputError(field: "where", value: Self.text(filters), expected: "a filter some rows match") }
        for (i, name) in names.enumerated() where i != xIndex && i != seriesIndex {
            let values = Set(kept.map { table.plan.points[$0.point][i] })
            if values.count > 1 {
                throw InputError(
                    field: "where", value: Self.text(filters),
                    expected: "one value of \(name), which takes \(values.count) (add --where \(name)=VALUE or --series \(name))")
            }
        }
        var order: [ParameterValue] = []
        var groups: [ParameterValue: [Double: [Double]]] = [:]
        for row in kept {
            let point = table.plan.points[row.point]
            guard let xValue = point[xIndex].number else {
                throw InputError(field: "x", value: x, expected: "a numeric parameter (it takes \(point[xIndex]))")
            }
            guard let yValue = row.values[yIndex].number else {
                throw InputError(field: "y", value: y, expected: "a numeric field (it is \(row.values[yIndex]))")
            }
            let key = seriesIndex.map { point[$0] } ?? .text(y)
            if groups[key] == nil { order.append(key) }
            groups[key, default: [:]][xValue, default: []].append(yValue)
        }
        self.x = x
        self.y = y
        lines = order.map { key in
            let byX = groups[key] ?? [:]
            return Line(
                name: series.map { "\($0) = \(key)" } ?? y,
                points: byX.keys.sorted().map { xValue in
                    let ys = byX[xValue] ?? []
                    return Point(x: xValue, mean: Statistics.mean(ys), standardError: Statistics.standardError(ys), replicates: ys.count)
                })
        }
    }

    private static func text(_ filters: [String: String]) -> String {
        filters.isEmpty ? "none" : filters.keys.sorted().map { "\($0)=\(filters[$0] ?? "")" }.joined(separator: ",")
    }
}
