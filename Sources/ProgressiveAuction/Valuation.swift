import SurplusCore

/// An elastic valuation function theta(z) of a quantity z >= 0 (paper 002,
/// Definition 2, after Lazar and Semret): theta(0) = 0, theta' >= 0,
/// theta' non-increasing. Each family exposes theta, its derivative theta'
/// (the marginal valuation, which a truthful bidder bids as its unit price),
/// and the demand at a unit price, sup{z : theta'(z) > y}.
public enum Valuation: Sendable, Hashable {
    /// theta'(z) = marginalAtZero * max(0, 1 - z/saturation): the quadratic
    /// family of Lazar and Semret's simulations (theta is a parabola capped at
    /// its maximum, reached at z = saturation).
    case quadratic(marginalAtZero: Double, saturation: Double)
    /// A constant `unitValue` per unit up to `cap` units, nothing beyond:
    /// theta(z) = unitValue * min(z, cap). This is how the data exchange's buyers
    /// value data (paper 002, Table 1: "bid total" = cap, "unit price" = unitValue).
    /// It is not elastic in the strict sense (theta' is constant, then jumps to 0).
    case linear(unitValue: Double, cap: Double)
    /// theta(z) = weight * log(1 + z), theta'(z) = weight / (1 + z).
    case logarithmic(weight: Double)

    /// Checks the parameters; `field` names the valuation in errors.
    public func validate(field: String) throws {
        switch self {
        case let .quadratic(m, s):
            try Validate.positive(m, "\(field).marginalAtZero")
            try Validate.positive(s, "\(field).saturation")
        case let .linear(u, cap):
            try Validate.positive(u, "\(field).unitValue")
            try Validate.positive(cap, "\(field).cap")
        case let .logarithmic(w):
            try Validate.positive(w, "\(field).weight")
        }
    }

    /// theta(z), the value of holding z units.
    @inline(__always)
    public func value(_ z: Double) -> Double {
        let z = max(0, z)
        switch self {
        case let .quadratic(m, s):
            let x = min(z, s)
            return m * (x - x * x / (2 * s))
        case let .linear(u, cap):
            return u * min(z, cap)
        case let .logarithmic(w):
            return w * log1p(z)
        }
    }

    /// theta'(z), the marginal valuation at z.
    @inline(__always)
    public func marginal(_ z: Double) -> Double {
        let z = max(0, z)
        switch self {
        case let .quadratic(m, s):
            return m * max(0, 1 - z / s)
        case let .linear(u, cap):
            return z < cap ? u : 0
        case let .logarithmic(w):
            return w / (1 + z)
        }
    }

    /// theta'(0), the largest marginal valuation.
    @inline(__always)
    public var marginalAtZero: Double { marginal(0) }

    /// sup{z >= 0 : theta'(z) > y} (0 when the set is empty): the quantity a
    /// price-taker would buy at unit price y. Infinite for the logarithmic
    /// family at y = 0.
    @inline(__always)
    public func demand(atPrice y: Double) -> Double {
        switch self {
        case let .quadratic(m, s):
            return y >= m ? 0 : s * (1 - max(0, y) / m)
        case let .linear(u, cap):
            return y >= u ? 0 : cap
        case let .logarithmic(w):
            return y <= 0 ? .infinity : max(0, w / y - 1)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
