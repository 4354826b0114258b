/// Approximate comparison of numbers, with the semantics of swift-numerics'
/// `isApproximatelyEqual(to:absoluteTolerance:relativeTolerance:)`:
///
///     |a - b| <= max(absolute, relative * max(|a|, |b|))
///
/// It is symmetric in `a` and `b` but not transitive, so never use it for `Equatable`.
/// Equal values (infinities included) always compare equal; NaN never does.
/// Every test states the tolerance it needs and why, at the call.
public func isApproximatelyEqual(_ a: Double, _ b: Double, absolute: Double = 0, relative: Double = 0) -> Bool {
    precondition(absolute >= 0 && relative >= 0, "tolerances must be >= 0")
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// Element-wise ``isApproximatelyEqual(_:_:absolute:relative:)`` of two arrays of equal length.
public func isApproximatelyEqual(_ a: [Double], _ b: [Double], absolute: Double = 0, relative: Double = 0) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isApproximatelyEqual($0, $1, absolute: absolute, relative: relative) }
}
