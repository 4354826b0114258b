import SurplusCore

/// The mean of a per-period series and its standard error by batch means.
///
/// The periods of one population are correlated: an agent's budget carries over for its
/// whole life, 1/(1 - beta) periods on average (50 at paper 000's beta = 0.98), so the
/// plain standard error of the per-period values understates the error of their mean.
/// The series is cut into B consecutive batches of equal length L, with L at least the
/// mean lifetime (`correlationLength`) and B between 2 and 10 (periods that do not fill
/// a batch are left out of the error, not of the mean); the batch means are then close
/// to independent, and
///
///     standard error = sqrt( sum_b (m_b - m)^2 / (B (B - 1)) ),  m = mean of the m_b.
///
/// With fewer than 2 L periods the batches are shorter than a lifetime and the error is
/// only indicative (``batchesAreLong`` is false); with fewer than 2 periods it is nil.
public struct BatchMeans: Sendable, Hashable, Codable {
    public var mean: Double
    public var standardError: Double?
    public var batches: Int
    public var batchLength: Int
    /// Whether every batch spans at least one mean lifetime.
    public var batchesAreLong: Bool

    public init(_ series: [Double], correlationLength: Int) {
        mean = Statistics.mean(series)
        let length = max(1, correlationLength)
        let count = series.count >= 2 ? min(10, max(2, series.count / length)) : 0
        batches = count
        batchLength = count > 0 ? series.count / count : 0
        batchesAreLong = count > 0 && batchLength >= length
        guard count >= 2 else {
            standardError = nil
            return
        }
        let means = (0..<count).map { Statistics.mean(series[($0 * batchLength)..<(($0 + 1) * batchLength)]) }
        standardError = Statistics.standardError(means)
    }
}
