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

/// One worker's memory for the bucket in hand: its client/server list, each slot's
/// departure and next bucket, where each of its agents went, the interests of its trades
/// and the write cursors. Grown, never shrunk.
final class WorkerScratch: @unchecked Sendable {
    private(set) var capacity = 0
    private(set) var list = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private(set) var moves = UnsafeMutablePointer<UInt16>.allocate(capacity: 1)
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
        moves.deallocate()
        position.deallocate()
        interest.deallocate()
        capacity = count + count / 8
        list = .allocate(capacity: capacity)
        moves = .allocate(capacity: capacity)
        position = .allocate(capacity: capacity)
        interest = .allocate(capacity: capacity)
    }

    deinit {
        list.deallocate()
        moves.deallocate()
        position.deallocate()
        interest.deallocate()
        cursor.deallocate()
    }
}

/// The work of one period on one bucket, everything while the bucket is in cache
/// (see `PopulationSimulation` for the model and `BucketLayout` for the layout), in plain
/// loops without data-dependent branches:
/// 1. one 64-bit draw per slot (`PeriodJob.destination`): role and bid, the agent written to
///    the client list from the front or the server list from the back (both stores
///    made, one cursor moved), its departure and next bucket kept for step 4;
/// 2. a uniform permutation of the longer list (Fisher-Yates);
/// 3. the i-th client with the i-th server: the trades, settled in place;
/// 4. newcomers from Psi in the leavers' places (chain (6)) and every agent written to its
///    next bucket at the cursor precomputed for this bucket (no second pass over memory);
/// 5. this bucket index's destination counts for the next period.
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
    let departureThreshold: UInt64
    let histogram: Histogram?

    /// Marks a client who bids k in the pairing list.
    static let bidFlag: UInt32 = 1 << 31
    /// Marks a leaver in a slot's move.
    static let leaves: UInt16 = 1 << 15

    /// What one 64-bit slot draw decides: bits 0-23 the role (against p_c), bits 24-51 the
    /// departure (against 1 - beta), bits 52-63 the next bucket, (bits x buckets) / 2^12.
    /// The next bucket is not exactly uniform (each has probability m/4096 with m the floor
    /// or ceiling of 4096/buckets); nothing needs it to be: it is drawn independently of
    /// everything else, the same way for every agent (see `PopulationSimulation`).
    @inline(__always)
    static func destination(_ draw: UInt64, buckets: Int) -> Int {
        Int(truncatingIfNeeded: ((draw >> 52) &* UInt64(buckets)) >> 12)
    }

    func process(bucket c: Int, scratch s: WorkerScratch) {
        if let rules = kernel.singleType {
            process(bucket: c, scratch: s, rules: rules)
        } else {
            process(bucket: c, scratch: s, rules: kernel.typed)
        }
    }

    /// The bucket's period with `rules` (specialized: one type with a one-interval policy
    /// runs from registers).
    func process<Rules: SlotRules>(bucket c: Int, scratch s: WorkerScratch, rules: Rules) {
        let lo = layout.bounds[c], n = layout.bounds[c + 1] - lo
        s.reserve(n)
        let tally = tallies + c
        tally.pointee.reset(types: kernel.typeCount)
        let b = budgets + lo, ty = types + lo, list = s.list, moves = s.moves

        // 1. Roles, bids, departures, next buckets: clients from the front of the list,
        // servers from the back.
        let draws = Population.random(.slotDraws, options, period: period, bucket: c)
        var clientsEnd = 0, serversStart = n, bidding = 0
        var budgetSum = 0.0
        for i in 0..<n {
            let draw = draws.bits(i)
            let type = Int(ty[i]), budget = b[i]
            budgetSum += Double(budget)
            let client = rules.isClient(draw, type: type)
            let bids = client & rules.bids(budget, type: type)
            let leaves: UInt16 = (draw >> 24) & 0xFFF_FFFF < departureThreshold ? PeriodJob.leaves : 0
            moves[i] = UInt16(truncatingIfNeeded: PeriodJob.destination(draw, buckets: bucketCount)) | leaves
            // The server's store first, so a client written into the last free place wins.
            list[serversStart &- 1] = UInt32(truncatingIfNeeded: i)
            list[clientsEnd] = UInt32(truncatingIfNeeded: i) | UInt32(truncatingIfNeeded: bids) << 31
            clientsEnd &+= client
            serversStart &-= 1 &- client
            bidding &+= bids
        }
        let clientCount = clientsEnd, serverCount = n - serversStart
        tally.pointee.budgetSum = budgetSum
        if kernel.typeCount == 1 {
            tally.pointee.clients[0] = clientCount
            tally.pointee.zeroBids[0] = clientCount - bidding
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
            list + longer, count: longerCount, random: Population.random(.pairing, options, period: period, bucket: c))

        // 3. The i-th client with the i-th server.
        let pairs = min(clientCount, serverCount)
        let partners = list + serversStart
        var trades = 0, interests = 0
        for k in 0..<pairs {
            let entry = list[k]
            let client = Int(entry & ~PeriodJob.bidFlag), server = Int(partners[k])
            let bids = entry >= PeriodJob.bidFlag
            let cb = b[client], sb = b[server]
            let deal = rules.trade(client: cb, clientType: ty[client], server: sb, serverType: ty[server])
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

        // 4. Newcomers in the leavers' places, and every agent to its next bucket.
        let newcomerDraws = Population.random(.newcomers, options, period: period, bucket: c)
        let cursor = s.cursor, row = layout.offsets + c * bucketCount
        cursor.update(from: row, count: bucketCount)
        for i in 0..<n {
            let move = moves[i]
            var budget = b[i], type = ty[i]
            if move >= PeriodJob.leaves {
                (type, budget) = newcomers.draw(newcomerDraws.bits(i))
            }
            let d = Int(move & ~PeriodJob.leaves)
            let p = cursor[d]
            cursor[d] = p &+ 1
            nextBudgets[p] = budget
            nextTypes[p] = type
            s.position[i] = UInt32(truncatingIfNeeded: p)
        }
        // The leftovers: written above as they are; the pairing across buckets settles them.
        for k in (longer + pairs)..<(longer + longerCount) {
            let entry = list[k], slot = Int(entry & ~PeriodJob.bidFlag)
            let leftover = Leftover(
                budget: b[slot], type: ty[slot], bids: entry >= PeriodJob.bidFlag,
                leaves: moves[slot] >= PeriodJob.leaves, position: s.position[slot])
            if longer == 0 {
                tally.pointee.leftoverClients.append(leftover)
            } else {
                tally.pointee.leftoverServers.append(leftover)
            }
        }

        // 5. This bucket index's destination counts next period (the draws depend on the
        // slot only, so they are known before any agent sits there).
        layout.countDestinations(of: c, period: period + 1, options: options)
    }

    /// Fisher-Yates on `a[0 ..< count]`, step i's index uniform in 0...i from draw i (the
    /// high word of 64 random bits x (i + 1), Lemire 2019; a draw in the rejection zone,
    /// of probability below (i + 1) / 2^64, is redrawn at counter i + 2^32 x attempt), so
    /// every order is exactly equally likely.
    static func shuffle(_ a: UnsafeMutablePointer<UInt32>, count: Int, random: CounterRandom) {
        var i = count - 1
        while i > 0 {
            let bound = UInt64(i + 1)
            var m = random.bits(i).multipliedFullWidth(by: bound)
            if m.low < bound {
                let threshold = (0 &- bound) % bound
                var attempt = 1
                while m.low < threshold {
                    m = random.bits(i | attempt << 32).multipliedFullWidth(by: bound)
                    attempt += 1
                }
            }
            let j = Int(truncatingIfNeeded: m.high)
            let x = a[i]
            a[i] = a[j]
            a[j] = x
            i -= 1
        }
    }
}

/// Psi and the type shares as the kernel draws them from one 64-bit draw: the budget
/// low + (high - low) U from its high 24 bits, the type the first whose cumulative share
/// exceeds its low 32 bits.
struct NewcomerLaw: Sendable {
    let low: Float
    let width: Float
    /// Cumulative shares of all types but the last, as thresholds on 32 bits.
    let cumulative: [UInt64]

    init(rules: PopulationRules) {
        low = Float(rules.initialBudget.low)
        width = Float(rules.initialBudget.high - rules.initialBudget.low)
        cumulative = rules.cumulativeShare.dropLast().map { UInt64(min(4_294_967_296, ($0 * 4_294_967_296).rounded())) }
    }

    @inline(__always)
    func draw(_ bits: UInt64) -> (type: UInt8, budget: Float) {
        let u = Float(bits >> 40) * 0x1p-24
        var type: UInt8 = 0
        for threshold in cumulative { type &+= bits & 0xFFFF_FFFF >= threshold ? 1 : 0 }
        return (type, low + width * u)
    }
}
