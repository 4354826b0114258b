import SurplusCore

/// A matched-pair candidate left over in its bucket, waiting for the pairing across
/// buckets: what that trade needs, and where the agent was written for the next period.
struct Leftover {
    var budget: Float
    var type: UInt8
    var bids: Bool
    var leaves: Bool
    var position: UInt32
}

/// Counts of one bucket's period; kept from period to period so its arrays keep their memory.
struct BucketTally {
    var clients: [Int] = []
    var zeroBids: [Int] = []
    var pairs = 0
    var trades = 0
    var budgetSum = 0.0
    /// Loan model: the positive interests of the bucket's trades (the other trades paid 0).
    var interestPaid: [Double] = []
    var leftoverClients: [Leftover] = []
    var leftoverServers: [Leftover] = []
    var budgets: Histogram?

    mutating func reset(types: Int) {
        if clients.count != types {
            clients = [Int](repeating: 0, count: types)
            zeroBids = clients
        } else {
            for k in 0..<types {
                clients[k] = 0
                zeroBids[k] = 0
            }
        }
        pairs = 0
        trades = 0
        budgetSum = 0
        interestPaid.removeAll(keepingCapacity: true)
        leftoverClients.removeAll(keepingCapacity: true)
        leftoverServers.removeAll(keepingCapacity: true)
        budgets = nil
    }
}

/// One worker's memory for the bucket in hand: its client/server list, where each of its
/// agents went, the interests of its trades and the write cursors. Grown, never shrunk.
final class WorkerScratch: @unchecked Sendable {
    private(set) var capacity = 0
    private(set) var list = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private(set) var position = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private(set) var interest = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    let cursor: UnsafeMutablePointer<Int>

    init(buckets: Int) {
        cursor = .allocate(capacity: buckets)
        cursor.initialize(repeating: 0, count: buckets)
    }

    func reserve(_ count: Int) {
        guard count > capacity else { return }
        list.deallocate()
        position.deallocate()
        interest.deallocate()
        capacity = count + count / 8
        list = .allocate(capacity: capacity)
        position = .allocate(capacity: capacity)
        interest = .allocate(capacity: capacity)
    }

    deinit {
        list.deallocate()
        position.deallocate()
        interest.deallocate()
        cursor.deallocate()
    }
}

/// The work of one period on one bucket, everything while the bucket is in cache
/// (see `PopulationSimulation` for the model and `Population` for the layout):
/// 1. roles and bids, eight agents at a time (counter-based draws, no branches), written
///    as a client list from the front and a server list from the back of the scratch list;
/// 2. a uniform permutation of the longer list (Fisher-Yates, its indices drawn eight at a time);
/// 3. the i-th client with the i-th server: the trades, settled in place, without branches;
/// 4. departures and newcomers, and every agent written to its next bucket at the cursor
///    precomputed for this bucket (no second pass over memory);
/// 5. the next period's destination counts of this bucket index (pure arithmetic).
struct PeriodJob: @unchecked Sendable {
    let period: Int
    let bucketCount: Int
    let options: RunOptions
    let kernel: TradeKernel
    let budgets: UnsafeMutablePointer<Float>
    let types: UnsafeMutablePointer<UInt8>
    let nextBudgets: UnsafeMutablePointer<Float>
    let nextTypes: UnsafeMutablePointer<UInt8>
    let layout: BucketLayout
    let tallies: UnsafeMutablePointer<BucketTally>
    let newcomers: NewcomerLaw
    /// 1 - beta as a threshold on 28 random bits (to within 4e-9).
    let departureThreshold: UInt32
    let histogram: Histogram?

    /// Marks a client who bids k in the pairing list.
    static let bidFlag: UInt32 = 1 << 31

    func process(bucket c: Int, scratch s: WorkerScratch) {
        let lo = layout.bounds[c], n = layout.bounds[c + 1] - lo
        s.reserve(n)
        let tally = tallies + c
        tally.pointee.reset(types: kernel.typeCount)
        let b = budgets + lo, ty = types + lo, list = s.list

        // 1. Roles and bids: clients from the front of the list, servers from the back.
        let roles = Population.random(.roles, options, period: period, bucket: c)
        var clientsEnd = 0, serversStart = n
        var sumLow = SIMD4<Double>(), sumHigh = SIMD4<Double>()
        var bidding = SIMD8<UInt32>()
        let laneIndex = SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
        var base = 0
        while base < n {
            let lanes = min(8, n - base)
            let budget = UnsafeRawPointer(b + base).loadUnaligned(as: SIMD8<Float>.self)
            let type = SIMD8<UInt32>(truncatingIfNeeded: UnsafeRawPointer(ty + base).loadUnaligned(as: SIMD8<UInt8>.self))
            let valid = laneIndex .< UInt32(lanes)
            let slots = CounterRandom.counters(from: base)
            let isClient = ((roles.bits(slots) & 0xFF_FFFF) .< kernel.clientThresholds(type)) .& valid
            let bids = kernel.bids(budget, type) .& isClient
            let counted = budget.replacing(with: 0, where: .!valid)
            sumLow += SIMD4<Double>(counted.lowHalf)
            sumHigh += SIMD4<Double>(counted.highHalf)
            bidding &+= SIMD8<UInt32>(repeating: 1).replacing(with: 0, where: .!bids)
            let entries = slots | SIMD8<UInt32>(repeating: PeriodJob.bidFlag).replacing(with: 0, where: .!bids)
            let step = SIMD8<UInt32>(repeating: 1).replacing(with: 0, where: .!isClient)
            for j in 0..<lanes {
                // Both stores, then one cursor moves: the server's store comes first so a
                // client written into the last free place wins.
                list[serversStart &- 1] = slots[j]
                list[clientsEnd] = entries[j]
                let client = Int(step[j])
                clientsEnd &+= client
                serversStart &-= 1 &- client
            }
            base += 8
        }
        let clientCount = clientsEnd, serverCount = n - serversStart
        let biddingCount = Int(bidding.wrappedSum())
        tally.pointee.budgetSum = (sumLow + sumHigh).sum()
        if kernel.typeCount == 1 {
            tally.pointee.clients[0] = clientCount
            tally.pointee.zeroBids[0] = clientCount - biddingCount
        } else {
            for k in 0..<clientCount {
                let t = Int(ty[Int(list[k] & ~PeriodJob.bidFlag)])
                tally.pointee.clients[t] += 1
                if list[k] < PeriodJob.bidFlag { tally.pointee.zeroBids[t] += 1 }
            }
        }
        if var histogram {
            for p in 0..<n { histogram.add(Double(b[p])) }
            tally.pointee.budgets = histogram
        }

        // 2. A uniform random order of the longer list: the pairing below is then a uniform
        // random maximum matching of the bucket and its leftovers a uniform random subset,
        // in uniform random order.
        let longer = clientCount >= serverCount ? 0 : serversStart
        let longerCount = max(clientCount, serverCount)
        PeriodJob.shuffle(
            list + longer, count: longerCount, random: Population.random(.pairing, options, period: period, bucket: c),
            retry: Population.random(.pairingRetries, options, period: period, bucket: c))

        // 3. The i-th client with the i-th server.
        let pairs = min(clientCount, serverCount)
        let partners = list + serversStart
        var trades = 0, interests = 0
        for k in 0..<pairs {
            let entry = list[k]
            let client = Int(entry & ~PeriodJob.bidFlag), server = Int(partners[k])
            let bids = entry >= PeriodJob.bidFlag
            let cb = b[client], sb = b[server]
            let deal = kernel.trade(client: cb, clientType: ty[client], server: sb, serverType: ty[server])
            b[client] = bids ? deal.client : cb
            b[server] = bids ? deal.server : sb
            s.interest[interests] = deal.interest
            interests &+= bids && deal.interest > 0 ? 1 : 0
            trades &+= bids ? 1 : 0
        }
        tally.pointee.pairs = pairs
        tally.pointee.trades = trades
        if interests > 0 {
            tally.pointee.interestPaid.append(contentsOf: UnsafeBufferPointer(start: s.interest, count: interests))
        }

        // 4. Departures (each agent w.p. 1 - beta), newcomers from Psi in their place
        // (chain (6)), and every agent to its bucket of the next period.
        let departures = Population.random(.departures, options, period: period, bucket: c)
        let destinations = Population.random(.destinations, options, period: period, bucket: c)
        let newBudgets = Population.random(.newcomerBudgets, options, period: period, bucket: c)
        let newTypes = Population.random(.newcomerTypes, options, period: period, bucket: c)
        let buckets = UInt32(bucketCount), cursor = s.cursor
        let row = layout.offsets + c * bucketCount
        for d in 0..<bucketCount { cursor[d] = row[d] }
        let threshold = SIMD8<UInt32>(repeating: departureThreshold)
        base = 0
        while base < n {
            let lanes = min(8, n - base)
            let slots = CounterRandom.counters(from: base)
            var budget = UnsafeRawPointer(b + base).loadUnaligned(as: SIMD8<Float>.self)
            var type = UnsafeRawPointer(ty + base).loadUnaligned(as: SIMD8<UInt8>.self)
            let leaves = (departures.bits(slots) &>> 4) .< threshold
            if any(leaves) {
                budget.replace(with: newcomers.budgets(newBudgets.bits(slots)), where: leaves)
                if kernel.typeCount > 1 {
                    var wide = SIMD8<UInt32>(truncatingIfNeeded: type)
                    wide.replace(with: newcomers.types(newTypes.bits(slots)), where: leaves)
                    type = SIMD8<UInt8>(truncatingIfNeeded: wide)
                }
            }
            let destination = CounterRandom.scaled(destinations.bits(slots), below: buckets)
            for j in 0..<lanes {
                let d = Int(destination[j])
                let p = cursor[d]
                cursor[d] = p &+ 1
                nextBudgets[p] = budget[j]
                nextTypes[p] = type[j]
                s.position[base &+ j] = UInt32(truncatingIfNeeded: p)
            }
            base += 8
        }
        // The leftovers: written above as they are; the pairing across buckets settles them.
        let leftoverClients = longer == 0
        for k in (longer + pairs)..<(longer + longerCount) {
            let entry = list[k], slot = Int(entry & ~PeriodJob.bidFlag)
            let leaves = departures.bits(UInt32(slot)) >> 4 < departureThreshold
            let leftover = Leftover(
                budget: b[slot], type: ty[slot], bids: entry >= PeriodJob.bidFlag, leaves: leaves,
                position: s.position[slot])
            if leftoverClients {
                tally.pointee.leftoverClients.append(leftover)
            } else {
                tally.pointee.leftoverServers.append(leftover)
            }
        }

        // 5. This bucket index's destination counts next period (the draws depend on the
        // slot only, so they are known before any agent sits there).
        layout.countDestinations(of: c, period: period + 1, options: options)
    }

    /// Fisher-Yates on `a[0 ..< count]` with step i's index j uniform in 0...i from draw i
    /// (Lemire's multiply-and-reject; a rejected draw is redrawn from `retry` at counter
    /// i + 2^24 x attempt). The draws of eight steps are computed together; the swaps run in
    /// the order of the serial algorithm, so the result is exactly Fisher-Yates' (uniform).
    static func shuffle(_ a: UnsafeMutablePointer<UInt32>, count: Int, random: CounterRandom, retry: CounterRandom) {
        var i = count - 1
        while i >= 8 {
            let steps = SIMD8<UInt32>(repeating: UInt32(i)) &- SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
            let draws = random.bits(steps)
            for lane in 0..<8 {
                let step = i &- lane
                let j = Int(index(upTo: UInt32(step), draw: draws[lane], retry: retry))
                let x = a[step]
                a[step] = a[j]
                a[j] = x
            }
            i -= 8
        }
        while i > 0 {
            let j = Int(index(upTo: UInt32(i), draw: random.bits(UInt32(i)), retry: retry))
            let x = a[i]
            a[i] = a[j]
            a[j] = x
            i -= 1
        }
    }

    /// A uniform integer in 0...step from 32 random bits (Lemire 2019, exact).
    @inline(__always)
    static func index(upTo step: UInt32, draw: UInt32, retry: CounterRandom) -> UInt32 {
        let bound = step &+ 1
        var m = UInt64(draw) &* UInt64(bound)
        if UInt32(truncatingIfNeeded: m) < bound {
            let threshold = (0 &- bound) % bound
            var attempt: UInt32 = 1
            while UInt32(truncatingIfNeeded: m) < threshold {
                m = UInt64(retry.bits(step | attempt << 24)) &* UInt64(bound)
                attempt &+= 1
            }
        }
        return UInt32(truncatingIfNeeded: m >> 32)
    }
}

/// Psi and the type shares as the kernel draws them: a newcomer's budget low + (high - low) U
/// from 24 random bits, its type the first whose cumulative share exceeds 32 random bits.
struct NewcomerLaw: Sendable {
    let low: Float
    let width: Float
    /// Cumulative shares of all types but the last, as thresholds on 32 bits.
    let cumulative: [UInt32]

    init(rules: PopulationRules) {
        low = Float(rules.initialBudget.low)
        width = Float(rules.initialBudget.high - rules.initialBudget.low)
        cumulative = rules.cumulativeShare.dropLast().map { UInt32(min(4_294_967_295, ($0 * 4_294_967_296).rounded())) }
    }

    @inline(__always)
    func budgets(_ bits: SIMD8<UInt32>) -> SIMD8<Float> {
        let u = SIMD8<Float>(bits &>> 8) * 0x1p-24
        return SIMD8(repeating: low) + SIMD8(repeating: width) * u
    }

    @inline(__always)
    func types(_ bits: SIMD8<UInt32>) -> SIMD8<UInt32> {
        var type = SIMD8<UInt32>()
        for threshold in cumulative {
            type &+= SIMD8<UInt32>(repeating: 1).replacing(with: 0, where: bits .< threshold)
        }
        return type
    }
}
