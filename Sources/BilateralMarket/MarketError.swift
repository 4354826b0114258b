/// The bilateral market's own failures, those that are not about one input field (bad
/// input throws `InputError`, naming the field).
public enum MarketError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The scan of gamma on [0, 1] found no fixed point (Theorem 2 proves one exists; a
    /// scan too coarse for a steep gamma can miss it).
    case noFixedPoint

    public var description: String {
        switch self {
        case .noFixedPoint: "no fixed point of gamma found on [0, 1]; try more scan points"
        }
    }
}
