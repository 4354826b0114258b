import SurplusCore

/// The exchange's dynamics one clearing round at a time: responses and clearings until
/// no bid moves (the termination rules). `ExchangeMarket.settle` runs it to its end; a
/// live session (`LiveMarkets.ExchangeSession`) keeps one between round closes and
/// advances it by one round per close, which gives after t rounds exactly the state a
/// run capped at t rounds reaches from t = 0 (the same steps in the same order).
public struct ExchangeRun: Sendable {
    package private(set) var engine: ExchangeEngine
    private var schedule: ExchangeSchedule
    /// The round-by-round trace (`Options.recordTrace`), oldest first.
    public private(set) var trace: [ExchangeRound]?
    private var seen = Set<Int>()
    private var cycleRound: Int?
    private var patienceRound: Int?
    private let patience: Int
    private var brokerActions = 0
    /// Clearing rounds run so far.
    public private(set) var rounds = 0
    /// Whether a round moved no bid (and no broker acted): the run is at rest.
    public private(set) var converged = false
    private var rule = TerminationRule.roundLimit

    /// Round t = 0: every buyer bids against empty books.
    public init(market: ExchangeMarket, options: ExchangeMarket.Options) {
        engine = ExchangeEngine(market: market, options: options)
        schedule = options.schedule
        trace = options.recordTrace ? [] : nil
        patience = options.synchronousPatience ?? (4 * engine.sellerCount + 16)
        let firstMovers: [Int]
        switch schedule {
        case .synchronous:
            engine.offsets = Array(repeating: 0, count: engine.sellerCount + 1)
            engine.entryBuyer = []; engine.entryIndex = []; engine.entryPrice = []; engine.entryQuantity = []; engine.entryCum = [0]
            firstMovers = engine.respondSynchronously()
        case .priority:
            firstMovers = engine.respondInPriorityOrder()
        }
        if trace != nil {
            trace?.append(ExchangeRound(round: 0, sellers: [], responses: engine.responses(of: firstMovers)))
        }
    }

    public var market: ExchangeMarket { engine.market }
    public var options: ExchangeMarket.Options { engine.options }

    /// Whether the run has ended: at rest, or at the options' round cap.
    public var finished: Bool { converged || rounds >= max(1, engine.options.maxRounds) }

    /// One clearing round and the responses to it (nothing once `finished`).
    public mutating func advance() {
        guard !finished else { return }
        rounds += 1
        engine.clear()
        let movers = schedule == .synchronous ? engine.respondSynchronously() : engine.respondInPriorityOrder()
        if trace != nil {
            trace?.append(ExchangeRound(round: rounds, sellers: engine.sellerStates(), responses: engine.responses(of: movers)))
        }
        if movers.isEmpty {
            // Sec. 5: at a rest point a broker may act; the dynamics then run again until
            // no bid moves.
            if engine.options.brokers && brokerActions < ExchangeEngine.brokerActionCap(sellers: engine.sellerCount)
                && engine.brokerAction()
            {
                brokerActions += 1
                seen.removeAll()
                return
            }
            converged = true
            rule = cycleRound != nil ? .cycleSwitchedToAsynchronous : (patienceRound != nil ? .patienceSwitchedToPriority : .noBidMoved)
            return
        }
        if schedule == .synchronous && !seen.insert(engine.fingerprint()).inserted {
            schedule = .priority
            cycleRound = rounds
        } else if schedule == .synchronous && rounds >= patience {
            schedule = .priority
            patienceRound = rounds
        }
    }

    /// Forgets the trace so far (a caller that keeps only the latest round).
    public mutating func dropTrace() {
        if trace != nil { trace = [] }
    }

    /// The engine whose books `outcome` prices: this one at rest, else cleared once more.
    package var settledEngine: ExchangeEngine {
        var engine = self.engine
        if !converged { engine.clear() }
        return engine
    }

    /// The settlement of the bids as they stand: at rest, the exchange's outcome; before
    /// that, the books cleared once more on the latest bids (what a run capped here reports).
    public var outcome: ExchangeOutcome {
        let engine = settledEngine
        var result = engine.outcome(rounds: rounds, converged: converged, rule: rule, cycleRound: cycleRound, trace: trace)
        result.patienceExhaustedAtRound = patienceRound
        return result
    }
}

extension ExchangeEngine {
    /// A hash of the exact bit patterns of every buyer's bids (the synchronous schedule's cycle check).
    func fingerprint() -> Int {
        var h = Hasher()
        for b in bids {
            h.combine(b.count)
            for e in b {
                h.combine(e.seller)
                h.combine(e.quantity.bitPattern)
            }
        }
        return h.finalize()
    }
}
