import SurplusCore

/// How players take turns in the best-reply dynamics.
public enum UpdateSchedule: String, NamedChoice {
    /// One player at a time, in index order, each seeing the bids already
    /// updated this round (Lazar and Semret's asynchronous dynamics).
    case asynchronous
    /// All players reply to the same profile and move together.
    case synchronous
}

/// Why the dynamics stopped.
public enum TerminationRule: String, Sendable, Codable {
    /// A whole round passed with no bid moving: an epsilon-equilibrium.
    case noBidMoved
    /// The synchronous dynamics revisited an earlier bid profile (a cycle);
    /// from that round on players moved one at a time, which then converged.
    case cycleSwitchedToAsynchronous
    /// The exchange's synchronous schedule ran out of patience (see
    /// `ExchangeMarket.Options.synchronousPatience`) and switched to the
    /// priority schedule, which then converged.
    case patienceSwitchedToPriority
    /// The round limit was reached before a round passed with no move.
    case roundLimit
}

/// Truthful epsilon-best-reply dynamics of a single PSP auction.
///
/// Rule (Lazar and Semret's bidding algorithm): a player computes its
/// truthful epsilon-best reply t_i (`PSPBook.truthfulReply`) and moves to it
/// only if u_i(t_i; s_-i) > u_i(s_i; s_-i) + epsilon, epsilon being the bid fee.
/// The dynamics end when a full round passes with no move.
///
/// Termination is guaranteed by three rules: (1) the epsilon threshold (each
/// move gains the mover more than epsilon); (2) in the synchronous schedule a
/// profile seen before (a cycle) switches the remaining rounds to the
/// asynchronous schedule, and `terminationRule` says so; (3) `maxRounds` caps
/// everything, and `converged` is then false.
///
/// At a state reached by rule (1) no player can gain more than 2 epsilon by
/// any deviation: its truthful reply gains at most epsilon over its bid, and
/// the truthful reply is itself within epsilon of the best reply (002, Prop. 2).
public struct PSPDynamics: Sendable {
    public struct Options: Sendable {
        public var schedule: UpdateSchedule
        /// Upper bound on rounds (one round: every player gets one turn).
        public var maxRounds: Int
        /// Keep every round's bid profile in `Result.trace`.
        public var recordTrace: Bool
        public init(schedule: UpdateSchedule = .asynchronous, maxRounds: Int = 10_000, recordTrace: Bool = false) {
            self.schedule = schedule
            self.maxRounds = maxRounds
            self.recordTrace = recordTrace
        }
    }

    /// The state the dynamics reached.
    public struct Result: Sendable {
        public var bids: [Bid]
        public var allocations: [Double]
        public var payments: [Double]
        /// u_i = theta_i(a_i) - c_i.
        public var utilities: [Double]
        public var rounds: Int
        /// Number of bid changes over the whole run.
        public var moves: Int
        public var converged: Bool
        public var terminationRule: TerminationRule
        /// The round in which the cycle rule fired, if it did.
        public var cycleDetectedAtRound: Int?
        /// sum_i theta_i(a_i).
        public var welfare: Double
        /// The water-filling optimum of the same valuations and quantity.
        public var optimalWelfare: Double
        /// The water level lambda of the optimum (market-clearing unit price).
        public var optimalPrice: Double
        /// `Efficiency.ratio(welfare, of: optimalWelfare)`.
        public var efficiency: Double { Efficiency.ratio(welfare, of: optimalWelfare) }
        /// The number of bids that moved in each round (`movesPerRound[r - 1]` for round r).
        public var movesPerRound: [Int]
        /// With `Options.recordTrace`: the bid profile before round 1 (zero
        /// bids) and after every round, so `trace[r]` holds the bids after r rounds.
        public var trace: [[Bid]]?
    }

    public let market: PSPMarket
    public let valuations: [Valuation]

    /// Validates every valuation (`players[i].valuation...` in errors).
    public init(market: PSPMarket, valuations: [Valuation]) throws {
        guard !valuations.isEmpty else { throw InputError(field: "players", value: "[]", expected: "at least one player") }
        for (k, v) in valuations.enumerated() { try v.validate(field: "players[\(k)].valuation") }
        self.market = market
        self.valuations = valuations
    }

    /// Runs the dynamics from zero bids. `progress` receives (round, maxRounds).
    public func run(options: Options = Options(), progress: ProgressHandler? = nil) -> Result {
        let n = valuations.count
        let eps = market.epsilon
        var bids = Array(repeating: Bid.zero, count: n)
        var book = PSPBook(supply: market.quantity, bids: bids)
        var rounds = 0, moves = 0
        var converged = false
        var rule = TerminationRule.roundLimit
        var schedule = options.schedule
        var cycleRound: Int?
        var seen = Set<Int>()
        var replies = Array(repeating: Bid.zero, count: n)
        var movers = Array(repeating: false, count: n)
        var trace: [[Bid]]? = options.recordTrace ? [bids] : nil
        var movesPerRound: [Int] = []

        while rounds < max(1, options.maxRounds) {
            rounds += 1
            var moved = 0
            switch schedule {
            case .asynchronous:
                for i in 0..<n {
                    let g = book.slotOf(i)
                    let t = book.truthfulReply(valuations[i], epsilon: eps, excluding: g)
                    if t == bids[i] { continue }
                    let gain = book.utility(of: t, valuation: valuations[i], excluding: g)
                        - book.utility(of: bids[i], valuation: valuations[i], excluding: g)
                    if gain > eps {
                        book.replace(bidder: i, with: t)
                        bids[i] = t
                        moved += 1
                    }
                }
            case .synchronous:
                for i in 0..<n {
                    let g = book.slotOf(i)
                    let t = book.truthfulReply(valuations[i], epsilon: eps, excluding: g)
                    replies[i] = t
                    movers[i] = false
                    if t == bids[i] { continue }
                    let gain = book.utility(of: t, valuation: valuations[i], excluding: g)
                        - book.utility(of: bids[i], valuation: valuations[i], excluding: g)
                    movers[i] = gain > eps
                }
                for i in 0..<n where movers[i] {
                    bids[i] = replies[i]
                    moved += 1
                }
                if moved > 0 {
                    book = PSPBook(supply: market.quantity, bids: bids)
                    if !seen.insert(Self.fingerprint(bids)).inserted {
                        schedule = .asynchronous
                        cycleRound = rounds
                    }
                }
            }
            moves += moved
            movesPerRound.append(moved)
            trace?.append(bids)
            progress?(ProgressUpdate(stage: "PSP rounds", completed: rounds, total: options.maxRounds))
            if moved == 0 {
                converged = true
                rule = cycleRound == nil ? .noBidMoved : .cycleSwitchedToAsynchronous
                break
            }
        }
        let (a, c) = book.clear()
        var utilities = [Double](repeating: 0, count: n)
        var welfare = 0.0
        for i in 0..<n {
            let value = valuations[i].value(a[i])
            utilities[i] = value - c[i]
            welfare += value
        }
        let optimum = WaterFilling.optimum(quantity: market.quantity, valuations: valuations)
        return Result(
            bids: bids, allocations: a, payments: c, utilities: utilities, rounds: rounds, moves: moves,
            converged: converged, terminationRule: rule, cycleDetectedAtRound: cycleRound,
            welfare: welfare, optimalWelfare: optimum.welfare, optimalPrice: optimum.waterLevel,
            movesPerRound: movesPerRound, trace: trace)
    }

    /// A hash of the exact bit patterns of a bid profile (cycle detection).
    static func fingerprint(_ bids: [Bid]) -> Int {
        var h = Hasher()
        for b in bids {
            h.combine(b.quantity.bitPattern)
            h.combine(b.price.bitPattern)
        }
        return h.finalize()
    }
}
