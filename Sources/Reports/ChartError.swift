/// Why a chart cannot be drawn; names the axis or series at fault.
public struct ChartError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Chart {
    /// The most series one chart may hold: beyond it colours and dashes repeat.
    public static let maximumSeries = 7

    /// Throws a `ChartError` for a chart that cannot be drawn faithfully.
    public func validate() throws {
        guard !series.isEmpty else { throw ChartError("chart '\(title)' has no series") }
        guard series.count <= Self.maximumSeries else {
            throw ChartError("chart '\(title)' has \(series.count) series; at most \(Self.maximumSeries) can be told apart")
        }
        for axis in [x, y] {
            if let lower = axis.lowerBound, let upper = axis.upperBound, !(lower < upper) {
                throw ChartError("axis '\(axis.title)': lowerBound \(lower) must be below upperBound \(upper)")
            }
            if axis.scale == .logarithmic, let lower = axis.lowerBound, !(lower > 0) {
                throw ChartError("axis '\(axis.title)' is logarithmic: lowerBound \(lower) must be positive")
            }
        }
        if let categories = y.categories, !categories.isEmpty {
            throw ChartError("axis '\(y.title)': categories are only drawn on the x axis")
        }
        for line in series {
            guard line.x.count == line.y.count else {
                throw ChartError("series '\(line.name)' has \(line.x.count) x values but \(line.y.count) y values")
            }
            if let errors = line.yErrors {
                guard errors.count == line.y.count, errors.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                    throw ChartError("series '\(line.name)' needs one finite, non-negative error per point")
                }
            }
            guard !line.x.isEmpty else { throw ChartError("series '\(line.name)' has no points") }
            if let bad = line.x.indices.first(where: { !line.x[$0].isFinite || !line.y[$0].isFinite }) {
                throw ChartError("series '\(line.name)' point \(bad) is not finite")
            }
            if line.style == .bars && x.categories == nil {
                throw ChartError("series '\(line.name)' is drawn as bars: the x axis needs categories")
            }
            if let categories = x.categories,
               let bad = line.x.first(where: { $0 != $0.rounded() || $0 < 0 || Int($0) >= categories.count }) {
                throw ChartError("series '\(line.name)': x = \(bad) is not a category index below \(categories.count)")
            }
            for (axis, values) in [(x, line.x), (y, line.yExtent)] where axis.scale == .logarithmic {
                if let bad = values.first(where: { $0 <= 0 }) {
                    throw ChartError("series '\(line.name)': \(bad) cannot be drawn on the logarithmic axis '\(axis.title)'")
                }
            }
        }
    }
}
