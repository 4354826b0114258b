/// Evenly spaced points `lower, lower + step, ..., upper` with linear interpolation.
public struct UniformGrid: Sendable, Hashable {
    public let lower: Double
    public let upper: Double
    public let count: Int

    /// - Throws: `InputError.invalidValue` unless `lower < upper` and `count >= 2`.
    public init(lower: Double, upper: Double, count: Int) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw InputError(field: "grid", value: "[\(lower), \(upper)]", expected: "finite lower < upper")
        }
        guard count >= 2 else {
            throw InputError(field: "grid points", value: "\(count)", expected: "at least 2")
        }
        self.lower = lower
        self.upper = upper
        self.count = count
    }

    /// Distance between neighbouring points.
    @inlinable public var step: Double { (upper - lower) / Double(count - 1) }

    /// The i-th grid point.
    @inlinable public func point(_ i: Int) -> Double { lower + Double(i) * step }

    /// All grid points.
    public var points: [Double] { (0..<count).map(point) }

    /// The cell holding x and the weight of its right end: x = (1-w) p(i) + w p(i+1).
    /// Points outside the grid are clamped to its ends.
    @inlinable
    public func locate(_ x: Double) -> (index: Int, weight: Double) {
        let position = (x - lower) / step
        if !(position > 0) { return (0, 0) }
        if position >= Double(count - 1) { return (count - 2, 1) }
        let i = Int(position)
        return (i, position - Double(i))
    }

    /// Linear interpolation of `values` (one per grid point) at x, clamped at the ends.
    @inlinable
    public func interpolate(_ values: UnsafeBufferPointer<Double>, at x: Double) -> Double {
        let (i, w) = locate(x)
        return values[i] + w * (values[i + 1] - values[i])
    }

    /// Linear interpolation of `values` (one per grid point) at x, clamped at the ends.
    public func interpolate(_ values: [Double], at x: Double) -> Double {
        values.withUnsafeBufferPointer { interpolate($0, at: x) }
    }
}
