import Foundation
import TextFormatting

/// One published number or claim beside what Surplus computes.
public struct Comparison: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Within the stated tolerance, or the claim holds.
        case reproduced
        /// Outside the tolerance, or the claim fails; `reason` says why.
        case differs
    }

    /// What is compared, e.g. "Table I: trade ratio, Bank, Psi = U[0,5]".
    public var item: String
    /// Where the document publishes it, e.g. "Table I", "Sec. VI", "slide 12".
    public var location: String
    /// The published value or claim, as printed.
    public var published: String
    /// Surplus's value or observation, formatted like the published one.
    public var surplus: String
    /// Surplus minus published, formatted; "-" for claims.
    public var difference: String
    public var verdict: Verdict
    /// For `reproduced`, the tolerance and why it is fair; for `differs`, why.
    public var reason: String
    /// The numbers behind `published` and `surplus`, when the item is a number.
    public var publishedValue: Double?
    public var surplusValue: Double?
    public var tolerance: Double?

    public init(
        item: String, location: String, published: String, surplus: String, difference: String,
        verdict: Verdict, reason: String,
        publishedValue: Double? = nil, surplusValue: Double? = nil, tolerance: Double? = nil
    ) {
        self.item = item
        self.location = location
        self.published = published
        self.surplus = surplus
        self.difference = difference
        self.verdict = verdict
        self.reason = reason
        self.publishedValue = publishedValue
        self.surplusValue = surplusValue
        self.tolerance = tolerance
    }

    /// A published number against a computed one: reproduced when
    /// |surplus - published| <= tolerance.
    ///
    /// - Parameters:
    ///   - format: how both numbers and the difference are printed.
    ///   - tolerance: in the same units as the values (0.002 for 0.2 percentage points
    ///     when the values are fractions formatted as percentages).
    ///   - why: why the tolerance is fair (printed when reproduced).
    ///   - whyDiffers: the explanation printed when the number does not reproduce.
    public static func number(
        _ item: String, location: String, published: Double, printed: String? = nil,
        surplus: Double, tolerance: Double, format: NumberFormat,
        why: String, whyDiffers: String
    ) -> Comparison {
        let difference = surplus - published
        let holds = difference.isFinite && abs(difference) <= tolerance
        return Comparison(
            item: item, location: location,
            published: printed ?? format.string(published),
            surplus: format.string(surplus),
            difference: format.difference(difference),
            verdict: holds ? .reproduced : .differs,
            reason: holds ? "within \(format.magnitude(tolerance)): \(why)" : whyDiffers,
            publishedValue: published, surplusValue: surplus, tolerance: tolerance)
    }

    /// A published claim checked by a computation.
    ///
    /// - Parameters:
    ///   - observed: what the run shows, with its numbers.
    ///   - holds: whether the observation supports the claim.
    ///   - why: how the check was done (printed when it holds).
    ///   - whyDiffers: the explanation printed when it does not.
    public static func claim(
        _ item: String, location: String, published: String, observed: String,
        holds: Bool, why: String, whyDiffers: String
    ) -> Comparison {
        Comparison(
            item: item, location: location, published: published, surplus: observed,
            difference: "-", verdict: holds ? .reproduced : .differs,
            reason: holds ? why : whyDiffers)
    }
}
