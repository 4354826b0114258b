import Experiments

/// What `surplus optimize` reports:
/// `{objective, parameter, optimum, value, bracket, curve: [{x, y}]}`, with how the optimum
/// was found (`kind`: interior, boundary or jump) and the jumps of the curve.
public struct DesignOptimum: Sendable, Codable, Equatable {
    public let objective: String
    public let parameter: String
    /// The interval searched.
    public let domain: [Double]
    public let kind: CurveMaximum.Kind
    public let optimum: Double
    public let value: Double
    public let bracket: [Double]
    public let jumps: [[Double]]
    public let curve: [CurveMaximum.Sample]
    /// An exact solver's optimum, when there is one to check the search against (absent otherwise).
    public let reference: ReferenceOptimum?

    init(
        objective: String, parameter: String, domain: ClosedRange<Double>, maximum: CurveMaximum,
        reference: ReferenceOptimum? = nil
    ) {
        self.objective = objective
        self.parameter = parameter
        self.domain = [domain.lowerBound, domain.upperBound]
        kind = maximum.kind
        optimum = maximum.optimum
        value = maximum.value
        bracket = maximum.bracket
        jumps = maximum.jumps
        curve = maximum.curve
        self.reference = reference
    }
}

/// The optimum an exact solver finds for the same design question.
public struct ReferenceOptimum: Sendable, Codable, Equatable {
    /// Which solver.
    public let source: String
    public let optimum: Double
    public let value: Double
    /// Whether the search's optimum lies within its tolerance of this one.
    public let agrees: Bool
}
