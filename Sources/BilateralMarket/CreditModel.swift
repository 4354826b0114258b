import SurplusCore

/// How a client may pay the unified price k (paper 000, Sec. V-B).
///
/// With budget b and an overdraft d = (k - b)^+:
/// - `hard`: no overdraft. The client can bid k only if b >= k; after a trade its
///   budget is b + s - k.
/// - `bank`: the client may overdraw as long as its post-trade budget stays
///   non-negative. The overdraft is lent by a bank outside the market, and the
///   interest on it leaves the system. Post-trade budget: h(b) = b + s - k - interest(d).
/// - `loan`: as `bank`, but the matched server is the lender: the server receives
///   the interest on top of k (peer loan), so money stays in the market.
public enum CreditModel: String, NamedChoice, Hashable {
    case hard, bank, loan
}

/// What the interest on an overdraft d is, given alpha.
///
/// Eq. (1) of paper 000 charges `alpha * d` on top of repaying the principal
/// (b + s - k - alpha (k - b)^+), while Sec. V-B calls alpha = 1.1 "an interest rate
/// of 10%", i.e. a total repayment of alpha * d, interest (alpha - 1) * d.
public enum InterestReading: String, NamedChoice, Hashable {
    /// Interest alpha * d, as printed in eq. (1) and the bid limit b + s/(1 + alpha).
    case equation1 = "equation-1"
    /// Interest (alpha - 1) * d: "alpha = 1.1 means an interest rate of 10%"; bid limit b + s/alpha.
    case rate
}

extension CreditModel {
    /// The interest the client pays on an overdraft, for reading `reading`.
    @inlinable
    static func interestFactor(alpha: Double, reading: InterestReading) -> Double {
        reading == .equation1 ? alpha : alpha - 1
    }
}
