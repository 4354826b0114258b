import SurplusCore

/// The run: responses and clearings until no bid moves (the termination rules).
extension ExchangeEngine {
    package mutating func run(progress: ProgressHandler?) -> ExchangeOutcome {
        var schedule = options.schedule
        var trace: [ExchangeRound]? = options.recordTrace ? [] : nil
        var seen = Set<Int>()
        var cycleRound: Int?
        var patienceRound: Int?
        let patience = options.synchronousPatience ?? (4 * sellerCount + 16)
        // t = 0: every buyer bids against empty books.
        var firstMovers: [Int]
        switch schedule {
        case .synchronous:
            offsets = Array(repeating: 0, count: sellerCount + 1)
            entryBuyer = []; entryIndex = []; entryPrice = []; entryQuantity = []; entryCum = [0]
            firstMovers = respondSynchronously()
        case .priority:
            firstMovers = respondInPriorityOrder()
        }
        if trace != nil {
            trace?.append(ExchangeRound(round: 0, sellers: [], responses: responses(of: firstMovers)))
        }
        var rounds = 0
        var converged = false
        var rule = TerminationRule.roundLimit
        var brokerActions = 0
        while rounds < max(1, options.maxRounds) {
            rounds += 1
            clear()
            let movers = schedule == .synchronous ? respondSynchronously() : respondInPriorityOrder()
            if trace != nil {
                trace?.append(ExchangeRound(round: rounds, sellers: sellerStates(), responses: responses(of: movers)))
            }
            progress?(ProgressUpdate(stage: "exchange rounds", completed: rounds, total: options.maxRounds))
            if movers.isEmpty {
                // Sec. 5: at a rest point a broker may act; the dynamics then
                // run again until no bid moves.
                if options.brokers && brokerActions < Self.brokerActionCap(sellers: sellerCount) && brokerAction() {
                    brokerActions += 1
                    seen.removeAll()
                    continue
                }
                converged = true
                rule = cycleRound != nil ? .cycleSwitchedToAsynchronous : (patienceRound != nil ? .patienceSwitchedToPriority : .noBidMoved)
                break
            }
            if schedule == .synchronous && !seen.insert(fingerprint()).inserted {
                schedule = .priority
                cycleRound = rounds
            } else if schedule == .synchronous && rounds >= patience {
                schedule = .priority
                patienceRound = rounds
            }
        }
        if !converged { clear() }
        var result = outcome(rounds: rounds, converged: converged, rule: rule, cycleRound: cycleRound, trace: trace)
        result.patienceExhaustedAtRound = patienceRound
        return result
    }

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
