import SurplusCore

/// One agent type's decision problem at the unified price k, resolved to plain numbers.
///
/// All servers bid k (paper 000, Sec. III-C2); a client bids k or 0 (eq. (5)).
/// The budget moves by eq. (1): a client who trades goes from b to
/// h(b) = b + s - k - interest((k - b)^+), a server who trades from b to
/// b + k - c_serve (+ the interest it lends at, in the `loan` model).
struct AgentProblem: Sendable {
    let model: CreditModel
    let beta: Double
    /// p_c and p_s = 1 - p_c.
    let clientProbability: Double
    let serverProbability: Double
    /// Interest paid per unit of overdraft: alpha or alpha - 1 (see `InterestReading`), 0 in `hard`.
    let interestFactor: Double
    let surplus: Double
    let serveCost: Double
    let loseCost: Double
    let price: Double

    init(market: MarketParameters, type: AgentType) {
        model = market.model
        beta = market.beta
        clientProbability = type.clientProbability
        serverProbability = 1 - type.clientProbability
        interestFactor =
            market.model == .hard ? 0 : CreditModel.interestFactor(alpha: market.alpha, reading: market.interest)
        surplus = type.surplus ?? 0
        serveCost = type.serveCost ?? 0
        loseCost = market.loseCost
        price = market.price
    }

    /// Interest on the overdraft of a client with budget b who pays k (0 in `hard`).
    @inline(__always)
    func interest(budget b: Double) -> Double {
        interestFactor * max(0, price - b)
    }

    /// Whether a client with budget b may bid k: b >= k in `hard`; otherwise the
    /// post-trade budget must stay >= 0, i.e. k <= b + s/(1 + alpha) under eq. (1).
    @inline(__always)
    func canBid(budget b: Double) -> Bool {
        model == .hard ? b >= price : budgetAfterWinning(budget: b) >= -1e-12
    }

    /// The smallest budget with which a client may bid k: k in `hard`, else
    /// k - s/(1 + interest factor) (eq. (5)'s k - s/(1 + alpha) under eq. (1)).
    var smallestBiddingBudget: Double {
        model == .hard ? price : max(0, price - surplus / (1 + interestFactor))
    }

    /// h(b): a client's budget after buying at k (eq. (1)).
    @inline(__always)
    func budgetAfterWinning(budget b: Double) -> Double { winning(budget: b).budget }

    /// A client's trade at k (eq. (1)): its budget after the trade and the interest it pays.
    @inline(__always)
    func winning(budget b: Double) -> (budget: Double, interest: Double) {
        let paid = interest(budget: b)
        return (b + surplus - price - paid, paid)
    }

    /// A server's budget after serving, given the interest it receives as lender.
    @inline(__always)
    func budgetAfterServing(budget b: Double, interestReceived: Double) -> Double {
        b + price - serveCost + interestReceived
    }

    /// The expected value of an agent who stays in the market forever rich enough
    /// never to be constrained: [p_s (1 - z)(k - c_serve + E I) + p_c (s - k)] / (1 - beta).
    func unconstrainedValue(zeroBidProbability z: Double, meanInterest: Double) -> Double {
        (serverProbability * (1 - z) * (price - serveCost + meanInterest) + clientProbability * (surplus - price))
            / (1 - beta)
    }
}

/// The law of the interest a lending server receives (loan model): atoms and probabilities.
/// In the hard and bank models it is the point mass at 0.
struct InterestLaw: Sendable, Equatable, Codable {
    var amounts: [Double]
    var probabilities: [Double]

    static let none = InterestLaw(amounts: [0], probabilities: [1])

    /// Builds a law from weighted amounts in [0, largest]: equal-width bins, each atom
    /// at its bin's conditional mean (so the mean is exact). Used for the solver's
    /// belief and for what a simulated population observed.
    struct Binning {
        private let largest: Double
        private var mass: [Double]
        private var moment: [Double]

        init(atoms: Int, upTo largest: Double) {
            self.largest = largest
            mass = [Double](repeating: 0, count: atoms)
            moment = mass
        }

        mutating func add(_ amount: Double, weight: Double = 1) {
            guard largest > 0 else { return }
            let bin = min(mass.count - 1, Int(amount / largest * Double(mass.count)))
            mass[bin] += weight
            moment[bin] += weight * amount
        }

        /// The law, or the point mass at 0 when nothing positive was added.
        var law: InterestLaw {
            let total = mass.reduce(0, +)
            guard largest > 0, total > 0 else { return .none }
            let bins = Double(mass.count)
            let amounts = mass.indices.map { b in
                mass[b] > 0 ? moment[b] / mass[b] : largest * (Double(b) + 0.5) / bins
            }
            return InterestLaw(amounts: amounts, probabilities: mass.map { $0 / total })
        }
    }

    var mean: Double { zip(amounts, probabilities).reduce(0) { $0 + $1.0 * $1.1 } }

    /// Total variation distance to another law on the same bins.
    func distance(to other: InterestLaw) -> Double {
        guard amounts.count == other.amounts.count else { return .infinity }
        var d = 0.0
        for i in amounts.indices {
            d += abs(probabilities[i] - other.probabilities[i]) + abs(amounts[i] - other.amounts[i]) * probabilities[i]
        }
        return d
    }
}
