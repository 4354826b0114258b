import SurplusCore

/// The agents of a population simulation and one period's work on them (see
/// `PopulationSimulation` for the procedure and its guarantees, `PeriodJob` for the work
/// on one bucket, `BucketLayout` for where buckets lie).
///
/// A reference type: it owns the agents' memory and its worker threads.
final class Population {
    let count: Int
    /// The seed of its streams, and the threads.
    let options: RunOptions
    /// Buckets of agents; their number depends on N only.
    let buckets: Int
    let histogramBins: Int
    let histogramCeiling: Double
    let recordHistograms: Bool
    private let storage: AgentStorage
    private let layout: BucketLayout
    private let workers: PeriodWorkers
    private let scratch: [WorkerScratch]
    private let tallies: UnsafeMutablePointer<BucketTally>
    private let departureThreshold: UInt64

    /// Buckets of about 16,384 agents (at most 255): a bucket's budgets, types and lists
    /// (about 150 KB) stay in a core's 512 KB L2 cache while its period runs.
    static func bucketCount(agents: Int) -> Int { min(255, max(1, agents / 16_384)) }

    init(agents: Int, rules: PopulationRules, simulation: PopulationSimulation, options: RunOptions) throws {
        count = agents
        self.options = options
        let buckets = Population.bucketCount(agents: agents)
        self.buckets = buckets
        histogramBins = simulation.settings.histogramBins
        histogramCeiling = simulation.settings.histogramCeiling
        recordHistograms = simulation.settings.recordBudgetHistograms
        departureThreshold = UInt64(((1 - simulation.market.beta) * 268_435_456).rounded())
        storage = AgentStorage(count: agents)
        layout = BucketLayout(agents: agents, buckets: buckets)
        let workers = PeriodWorkers(count: min(options.threads, buckets))
        self.workers = workers
        scratch = (0..<workers.count).map { _ in WorkerScratch(buckets: buckets) }
        tallies = .allocate(capacity: buckets)
        tallies.initialize(repeating: BucketTally(), count: buckets)
        try populate(rules: rules, simulation: simulation)
        let layout = self.layout
        workers.run { _ in
            while case let c = workers.claim(), c < buckets { layout.countDestinations(of: c, period: 0, options: options) }
        }
        layout.advance()
    }

    deinit {
        tallies.deinitialize(count: buckets)
        tallies.deallocate()
    }

    /// The key of stream `name` for bucket `bucket` in period `period` (a bucket index
    /// stays below 2^24, so the pairs never meet).
    @inline(__always)
    static func random(_ name: StreamName, _ options: RunOptions, period: Int, bucket: Int) -> CounterRandom {
        var stream = options.stream(name, UInt64(truncatingIfNeeded: period) << 24 | UInt64(bucket))
        return CounterRandom(key: stream.next())
    }

    /// Initial agents: types by share; budgets from Psi or from the equilibrium's pi_z.
    private func populate(rules: PopulationRules, simulation: PopulationSimulation) throws {
        var stationary: [DiscreteDistribution] = []
        if simulation.settings.start == .stationary, let equilibrium = simulation.equilibrium {
            stationary = try (simulation.startLaws ?? equilibrium.stationaryBudgets()).map { law in
                let nodes = (0..<law.mass.count).map { Double($0) * law.step }
                return try DiscreteDistribution(values: nodes, weights: law.mass)
            }
        }
        let b = UnsafeSendable(storage.budgets)
        let t = UnsafeSendable(storage.types)
        let chunks = Parallel.ranges(count: count, chunks: buckets), options = self.options, laws = stationary
        Parallel.forEach(chunks: chunks.count, threads: workers.count) { c in
            var rng = options.stream(.initialAgents, UInt64(c))
            for i in chunks[c] {
                let newcomer = rules.newcomer(using: &rng)
                t.value[i] = newcomer.type
                b.value[i] = Float(laws.isEmpty ? newcomer.budget : laws[Int(newcomer.type)].sample(using: &rng))
            }
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

    /// One period: every bucket's fused pass (`PeriodJob`) on the workers, then, on this
    /// thread, the pairing of the leftovers of all buckets in bucket order, and the
    /// period's counts.
    func step(period: Int, rules: PopulationRules) -> Outcome {
        let kernel = TradeKernel(rules: rules)
        let job = PeriodJob(
            period: period, bucketCount: buckets, options: options, kernel: kernel, budgets: storage.budgets,
            types: storage.types, nextBudgets: storage.nextBudgets, nextTypes: storage.nextTypes, layout: layout,
            tallies: tallies, newcomers: NewcomerLaw(rules: rules), departureThreshold: departureThreshold,
            histogram: recordHistograms ? try? Histogram(lower: 0, upper: histogramCeiling, bins: histogramBins) : nil)
        let workers = self.workers, scratch = self.scratch, total = buckets
        workers.run { w in
            while case let c = workers.claim(), c < total { job.process(bucket: c, scratch: scratch[w]) }
        }
        let cross = pairLeftovers(kernel: kernel)
        storage.swapBuffers()
        layout.advance()
        return summarize(period: period, typeCount: kernel.typeCount, cross: cross)
    }

    /// The clients and servers left over in all buckets, paired in bucket order: the
    /// trades settle the agents where the bucket pass wrote them (a leaver's place already
    /// holds its newcomer, so only its partner keeps the trade's effect).
    private func pairLeftovers(kernel: TradeKernel) -> BucketTally {
        var cross = BucketTally()
        var c = 0, s = 0, ci = 0, si = 0
        let nb = storage.nextBudgets
        while true {
            while c < buckets && ci == tallies[c].leftoverClients.count { c += 1; ci = 0 }
            while s < buckets && si == tallies[s].leftoverServers.count { s += 1; si = 0 }
            guard c < buckets, s < buckets else { break }
            let client = tallies[c].leftoverClients[ci], server = tallies[s].leftoverServers[si]
            ci += 1
            si += 1
            cross.pairs += 1
            guard client.bids else { continue }
            let deal = kernel.typed.trade(
                client: client.budget, clientType: client.type, server: server.budget, serverType: server.type)
            if !client.leaves { nb[Int(client.position)] = deal.client }
            if !server.leaves { nb[Int(server.position)] = deal.server }
            if deal.interest > 0 { cross.interestPaid.append(deal.interest) }
            cross.trades += 1
        }
        return cross
    }

    private func summarize(period: Int, typeCount: Int, cross: BucketTally) -> Outcome {
        var clients = [Int](repeating: 0, count: typeCount), zeroBids = clients
        var pairs = cross.pairs, trades = cross.trades, budgetSum = 0.0
        var interest: [Double] = []
        var budgets: Histogram? = nil
        for c in 0..<self.buckets {
            let tally = tallies[c]
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
        interest += cross.interestPaid
        let allClients = clients.reduce(0, +), allZero = zeroBids.reduce(0, +)
        let statistics = PeriodStatistics(
            period: period, tradeRatio: pairs > 0 ? Double(trades) / Double(pairs) : 0,
            zeroBidProbability: allClients > 0 ? Double(allZero) / Double(allClients) : 1, belief: 0,
            meanBudget: budgetSum / Double(count), clients: allClients, pairs: pairs, trades: trades,
            typeZeroBidProbability: (0..<typeCount).map {
                clients[$0] > 0 ? Double(zeroBids[$0]) / Double(clients[$0]) : 1
            }, budgets: budgets)
        return Outcome(statistics: statistics, interestPaid: interest)
    }

    /// Budget histograms at the end: the whole population, then each type.
    func histograms(typeCount: Int) -> [Histogram] {
        let chunks = Parallel.ranges(count: count, chunks: buckets), bins = histogramBins, ceiling = histogramCeiling
        let b = UnsafeSendable(storage.budgets)
        let t = UnsafeSendable(storage.types)
        let parts = Parallel.map(chunks: chunks.count, threads: workers.count) { c -> [Histogram] in
            guard var all = try? Histogram(lower: 0, upper: ceiling, bins: bins) else { return [] }
            var perType = Array(repeating: all, count: typeCount)
            for i in chunks[c] {
                let budget = Double(b.value[i])
                all.add(budget)
                perType[Int(t.value[i])].add(budget)
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
