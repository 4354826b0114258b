import SurplusCore

/// The agents of a population simulation and one period's work on them
/// (see `PopulationSimulation` for the procedure and its guarantees).
struct Population {
    let count: Int
    /// The seed of its named streams, and the threads.
    let options: RunOptions
    let threads: Int
    /// Fixed chunks of the agent array; also the number of buckets. Depends on N only.
    let chunks: [Range<Int>]
    let histogramBins: Int
    let histogramCeiling: Double
    let recordHistograms: Bool
    private let storage: AgentStorage
    /// Where each bucket's agents lie in the current state.
    private var bounds: [Int]
    private let regenerationThreshold: UInt32

    init(agents: Int, rules: PopulationRules, simulation: PopulationSimulation, options: RunOptions) throws {
        count = agents
        self.options = options
        threads = options.threads
        chunks = Parallel.ranges(count: agents, chunks: min(255, max(1, agents / 16_384)))
        histogramBins = simulation.settings.histogramBins
        histogramCeiling = simulation.settings.histogramCeiling
        recordHistograms = simulation.settings.recordBudgetHistograms
        regenerationThreshold = UInt32(((1 - simulation.market.beta) * 268_435_456).rounded())
        storage = AgentStorage(count: agents)
        bounds = chunks.map(\.lowerBound) + [agents]
        try populate(rules: rules, simulation: simulation)
    }

    /// Initial agents: types by share; budgets from Psi or from the equilibrium's pi_z.
    private mutating func populate(rules: PopulationRules, simulation: PopulationSimulation) throws {
        var stationary: [DiscreteDistribution] = []
        if simulation.settings.start == .stationary, let equilibrium = simulation.equilibrium {
            stationary = try (simulation.startLaws ?? equilibrium.stationaryBudgets()).map { law in
                let nodes = (0..<law.mass.count).map { Double($0) * law.step }
                return try DiscreteDistribution(values: nodes, weights: law.mass)
            }
        }
        let b = UnsafeSendable(storage.budgets)
        let t = UnsafeSendable(storage.types)
        let chunks = self.chunks, options = self.options, laws = stationary
        Parallel.forEach(chunks: chunks.count, threads: threads) { c in
            var rng = options.stream(.initialAgents, UInt64(c))
            for i in chunks[c] {
                let newcomer = rules.newcomer(using: &rng)
                t.value[i] = newcomer.type
                b.value[i] =
                    laws.isEmpty ? newcomer.budget : laws[Int(newcomer.type)].sample(using: &rng)
            }
        }
    }

    /// Counts of one bucket's period.
    struct BucketTally: Sendable {
        var clients: [Int]
        var zeroBids: [Int]
        var pairs = 0
        var trades = 0
        var budgetSum = 0.0
        var leftoverClients: [Int32] = []
        var leftoverServers: [Int32] = []
        /// Agents (positions) that leave at the end of the period.
        var leaving: [UInt32] = []
        /// Loan model: the positive interests of the bucket's trades (the other trades paid 0).
        var interestPaid: [Double] = []
        /// How many of the bucket's agents go to each bucket next period.
        var destinations: [Int] = []
        var budgets: Histogram?

        init(types: Int) {
            clients = [Int](repeating: 0, count: types)
            zeroBids = clients
        }
    }

    struct Outcome {
        var statistics: PeriodStatistics
        /// Loan model: the positive interests of the period's trades; every other trade
        /// (`statistics.trades` in all) paid 0.
        var interestPaid: [Double]

        /// The empirical law of the interest a serving agent receives per trade, binned
        /// like the solver's (`BeliefResponse.lentInterest`): `atoms` equal bins over
        /// [0, `largest`], the largest interest any client can pay. Every trade counts,
        /// the zero interest of a client who paid k from its own budget included: the
        /// mean field's law is that of the interest paid by a random bidding client.
        func interestLaw(atoms: Int, upTo largest: Double) -> InterestLaw {
            var binning = InterestLaw.Binning(atoms: atoms, upTo: largest)
            binning.add(0, weight: Double(statistics.trades - interestPaid.count))
            for amount in interestPaid { binning.add(amount) }
            return binning.law
        }
    }

    /// Marks a client who bids k in the pairing list.
    static let bidFlag: UInt32 = 1 << 31
    /// One period: roles, next buckets and departures drawn, random pairing and trades
    /// in each bucket, pairing of the leftovers across buckets, newcomers in place of
    /// the leavers (w.p. 1 - beta each), and the scatter of all agents into their buckets.
    mutating func step(period: Int, rules: PopulationRules) -> Outcome {
        let options = self.options, buckets = chunks.count
        let regenerationThreshold = self.regenerationThreshold
        let b = UnsafeSendable(storage.budgets)
        let t = UnsafeSendable(storage.types)
        let tag = UnsafeSendable(storage.tags)
        let list = UnsafeSendable(storage.pairing)
        let bounds = self.bounds
        let typeCount = rules.problems.count
        let recordHistograms = self.recordHistograms, bins = histogramBins, ceiling = histogramCeiling
        let kernel = TradeKernel(rules: rules)
        defer { kernel.deallocate() }
        var tallies = Parallel.map(chunks: buckets, threads: threads) { d -> BucketTally in
            var rng = options.stream(.periodDraws, Population.streamIndex(period: period, bucket: d))
            var tally = BucketTally(types: typeCount)
            let lo = bounds[d], hi = bounds[d + 1]
            // Roles; clients listed from the front, servers from the back.
            var clientsEnd = lo, serversStart = hi
            var budgetSum = 0.0
            // Plain loops over raw storage (no closures), so the random stream and the
            // counters stay in registers.
            let counters = UnsafeMutablePointer<Int>.allocate(capacity: 2 * typeCount + buckets)
            defer { counters.deallocate() }
            counters.initialize(repeating: 0, count: 2 * typeCount + buckets)
            let destinations = counters + 2 * typeCount
            // One 64-bit draw per agent: 24 bits for its role, 12 for its bucket next
            // period, 28 for whether it leaves at the end of this one.
            for p in lo..<hi {
                let r = rng.next()
                let type = Int(t.value[p])
                let budget = b.value[p]
                budgetSum += budget
                let next = Int((((r >> 24) & 0xFFF) &* UInt64(buckets)) >> 12)
                tag.value[p] = UInt8(truncatingIfNeeded: next)
                destinations[next] &+= 1
                if UInt32(truncatingIfNeeded: r >> 36) < regenerationThreshold {
                    tally.leaving.append(UInt32(truncatingIfNeeded: p))
                }
                if UInt32(truncatingIfNeeded: r) & 0xFF_FFFF < kernel.types[type].clientThreshold {
                    let bidding = kernel.bids(type: type, budget: budget, rules: rules)
                    list.value[clientsEnd] = UInt32(p) | (bidding ? Population.bidFlag : 0)
                    clientsEnd += 1
                    counters[2 &* type] &+= 1
                    if !bidding { counters[2 &* type &+ 1] &+= 1 }
                } else {
                    serversStart -= 1
                    list.value[serversStart] = UInt32(p)
                }
            }
            for k in 0..<typeCount {
                tally.clients[k] = counters[2 * k]
                tally.zeroBids[k] = counters[2 * k + 1]
            }
            tally.budgetSum = budgetSum
            if recordHistograms, var histogram = try? Histogram(lower: 0, upper: ceiling, bins: bins) {
                for p in lo..<hi { histogram.add(b.value[p]) }
                tally.budgets = histogram
            }
            // Shuffling the longer list makes the pairing a uniform random maximum
            // matching of the bucket, and its leftover tail a uniform random subset.
            let clientCount = clientsEnd - lo, serverCount = hi - serversStart
            let longer = clientCount >= serverCount ? lo : serversStart
            let longerCount = max(clientCount, serverCount)
            var longerList = UnsafeMutableBufferPointer(start: list.value + longer, count: longerCount)
            RandomMatching.shuffle(&longerList, using: &rng)
            let pairs = min(clientCount, serverCount)
            var trades = 0
            for k in 0..<pairs {
                let client = list.value[lo + k], server = list.value[serversStart + k]
                if client & Population.bidFlag != 0 {
                    let interest = kernel.trade(
                        client: Int(client & ~Population.bidFlag), server: Int(server), budgets: b.value, types: t.value)
                    if interest > 0 { tally.interestPaid.append(interest) }
                    trades += 1
                }
            }
            tally.trades = trades
            tally.pairs = pairs
            for k in pairs..<clientCount { tally.leftoverClients.append(Int32(bitPattern: list.value[lo + k])) }
            for k in pairs..<serverCount { tally.leftoverServers.append(Int32(bitPattern: list.value[serversStart + k])) }
            tally.destinations = Array(UnsafeBufferPointer(start: destinations, count: buckets))
            return tally
        }
        // Pair the leftovers of all buckets, in bucket order, then regenerate and tag them.
        var cross = BucketTally(types: typeCount)
        let leftoverClients = tallies.flatMap(\.leftoverClients)
        let leftoverServers = tallies.flatMap(\.leftoverServers)
        let crossPairs = min(leftoverClients.count, leftoverServers.count)
        for k in 0..<crossPairs {
            let client = UInt32(bitPattern: leftoverClients[k])
            if client & Population.bidFlag != 0 {
                let interest = kernel.trade(
                    client: Int(client & ~Population.bidFlag), server: Int(leftoverServers[k]), budgets: b.value,
                    types: t.value)
                if interest > 0 { cross.interestPaid.append(interest) }
                cross.trades += 1
            }
        }
        cross.pairs = crossPairs
        // Every trade is done: the leavers make way for newcomers (chain (6)).
        let leaving = tallies.map(\.leaving)
        Parallel.forEach(chunks: buckets, threads: threads) { d in
            var rng = options.stream(.newcomers, Population.streamIndex(period: period, bucket: d))
            for p in leaving[d] {
                let newcomer = rules.newcomer(using: &rng)
                t.value[Int(p)] = newcomer.type
                b.value[Int(p)] = newcomer.budget
            }
        }
        tallies.append(cross)
        scatter(tallies: tallies)
        return Population.summarize(period: period, tallies: tallies, agents: count, typeCount: typeCount)
    }

    /// Moves every agent to its next bucket (a stable counting-sort scatter) and
    /// makes the result the current state.
    private mutating func scatter(tallies: [BucketTally]) {
        let buckets = chunks.count
        var cursor = [Int](repeating: 0, count: buckets * buckets)
        var nextBounds = [Int](repeating: 0, count: buckets + 1)
        let fromSource = tallies.prefix(buckets).map(\.destinations)
        var position = 0
        for d in 0..<buckets {
            nextBounds[d] = position
            for c in 0..<buckets {
                cursor[c * buckets + d] = position
                position += fromSource[c][d]
            }
        }
        nextBounds[buckets] = position
        let b = UnsafeSendable(storage.budgets)
        let t = UnsafeSendable(storage.types)
        let nb = UnsafeSendable(storage.nextBudgets)
        let nt = UnsafeSendable(storage.nextTypes)
        let tag = UnsafeSendable(storage.tags)
        let bounds = self.bounds, starts = cursor
        Parallel.forEach(chunks: buckets, threads: threads) { c in
            var next = Array(starts[(c * buckets)..<((c + 1) * buckets)])
            next.withUnsafeMutableBufferPointer { next in
                for i in bounds[c]..<bounds[c + 1] {
                    let d = Int(tag.value[i])
                    let p = next[d]
                    next[d] = p + 1
                    nb.value[p] = b.value[i]
                    nt.value[p] = t.value[i]
                }
            }
        }
        self.bounds = nextBounds
        storage.swapBuffers()
    }

    static func summarize(period: Int, tallies: [BucketTally], agents: Int, typeCount: Int) -> Outcome {
        var clients = [Int](repeating: 0, count: typeCount), zeroBids = clients
        var pairs = 0, trades = 0, budgetSum = 0.0
        var interest: [Double] = []
        var budgets: Histogram? = nil
        for tally in tallies {
            if let h = tally.budgets {
                if budgets == nil { budgets = h } else { budgets?.merge(h) }
            }
            for k in 0..<typeCount {
                clients[k] += tally.clients[k]
                zeroBids[k] += tally.zeroBids[k]
            }
            pairs += tally.pairs
            trades += tally.trades
            budgetSum += tally.budgetSum
            interest += tally.interestPaid
        }
        let allClients = clients.reduce(0, +), allZero = zeroBids.reduce(0, +)
        let statistics = PeriodStatistics(
            period: period, tradeRatio: pairs > 0 ? Double(trades) / Double(pairs) : 0,
            zeroBidProbability: allClients > 0 ? Double(allZero) / Double(allClients) : 1, belief: 0,
            meanBudget: budgetSum / Double(agents), clients: allClients, pairs: pairs, trades: trades,
            typeZeroBidProbability: (0..<typeCount).map {
                clients[$0] > 0 ? Double(zeroBids[$0]) / Double(clients[$0]) : 1
            }, budgets: budgets)
        return Outcome(statistics: statistics, interestPaid: interest)
    }

    /// Budget histograms at the end: the whole population, then each type.
    func histograms(typeCount: Int) -> [Histogram] {
        let chunks = self.chunks, bins = histogramBins, ceiling = histogramCeiling
        let b = UnsafeSendable(storage.budgets)
        let t = UnsafeSendable(storage.types)
        let parts = Parallel.map(chunks: chunks.count, threads: threads) { c -> [Histogram] in
            guard var all = try? Histogram(lower: 0, upper: ceiling, bins: bins) else { return [] }
            var perType = Array(repeating: all, count: typeCount)
            for i in chunks[c] {
                all.add(b.value[i])
                perType[Int(t.value[i])].add(b.value[i])
            }
            return [all] + perType
        }
        guard var merged = parts.first else { return [] }
        for part in parts.dropFirst() {
            for k in merged.indices { merged[k].merge(part[k]) }
        }
        return merged
    }
}
