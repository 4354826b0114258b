import Foundation
import SurplusCore

/// The hot-loop state of every solver: the network's CSR arrays and the value sent along every
/// entry, in contiguous buffers allocated once (structure of arrays, no allocation per round).
///
/// Internally the allocation is held in value units: b_e = w_i * share_e = v_i * x_ij, the value
/// agent i sends along entry e, so that u_j = sum_p b_pj. Work is cut into chunks of rows whose
/// boundaries depend only on the network (balanced by entry count), each chunk with its own
/// scratch space, so every result is bit-identical whatever the thread count.
final class Workspace {
    let n: Int
    let m: Int
    /// Worker threads, as `RunOptions` validated them (1 for the small one-off uses).
    let threads: Int
    let chunks: [Range<Int>]
    let maxDegree: Int
    let rowStart: UnsafeMutableBufferPointer<Int>
    let neighbours: UnsafeMutableBufferPointer<Int32>
    let reverse: UnsafeMutableBufferPointer<Int32>
    let weights: UnsafeMutableBufferPointer<Double>
    /// b: value sent along each entry (current allocation).
    private(set) var sent: UnsafeMutableBufferPointer<Double>
    /// The next allocation, for schedules that act all at once.
    private(set) var next: UnsafeMutableBufferPointer<Double>
    /// u: utilities of `sent` (kept current by every operation that says so).
    let utilities: UnsafeMutableBufferPointer<Double>
    /// mu_j = w_j / u_j, the dual point derived from `utilities`.
    let marginal: UnsafeMutableBufferPointer<Double>
    /// Per-chunk scratch for the water-filling: `maxDegree` doubles and indices per chunk.
    let scratchLevel: UnsafeMutableBufferPointer<Double>
    let scratchIndex: UnsafeMutableBufferPointer<Int32>
    /// Per-chunk partial sums of the metrics.
    let partials: UnsafeMutableBufferPointer<Double>
    /// Streaming proportional response (see ProportionalResponse.swift): a_{t-1}, a_t and
    /// the gains g(t-1), g(t) and scratch for g(t+1).
    var receivedPrevious: UnsafeMutableBufferPointer<Double>
    var receivedCurrent: UnsafeMutableBufferPointer<Double>
    var gainPrevious: UnsafeMutableBufferPointer<Double>
    var gainCurrent: UnsafeMutableBufferPointer<Double>
    var gainNext: UnsafeMutableBufferPointer<Double>
    /// Rounds since `beginProportionalResponse` (0: not started).
    var streamingRound = 0
    /// Shares of agents of weight 0 (their value sent is 0 whatever they do, so the value
    /// representation forgets their split; it is kept here).
    let initialShares: [Double]

    init(network: SharingNetwork, initial: Allocation, threads: Int) {
        n = network.agentCount
        m = network.entryCount
        self.threads = threads
        rowStart = .allocate(capacity: n + 1)
        _ = rowStart.initialize(from: network.rowStart)
        neighbours = .allocate(capacity: max(m, 1))
        _ = neighbours.initialize(from: network.neighbours)
        reverse = .allocate(capacity: max(m, 1))
        _ = reverse.initialize(from: network.reverse)
        weights = .allocate(capacity: n)
        _ = weights.initialize(from: network.weights)
        sent = .allocate(capacity: max(m, 1))
        next = .allocate(capacity: max(m, 1))
        sent.initialize(repeating: 0)
        next.initialize(repeating: 0)
        utilities = .allocate(capacity: n)
        utilities.initialize(repeating: 0)
        marginal = .allocate(capacity: n)
        marginal.initialize(repeating: 0)
        var maxDegree = 1
        for i in 0..<n { maxDegree = max(maxDegree, network.rowStart[i + 1] - network.rowStart[i]) }
        self.maxDegree = maxDegree
        // Chunks balanced by entries (+1 per row), boundaries a function of the network only.
        let chunkCount = max(1, min(256, (m + n) / 4096))
        var ranges: [Range<Int>] = []
        var low = 0
        for c in 1...chunkCount {
            let target = (m + n) * c / chunkCount
            var high = low
            while high < n && network.rowStart[high] + high < target { high += 1 }
            if c == chunkCount { high = n }
            if high > low { ranges.append(low..<high) }
            low = high
        }
        if ranges.isEmpty { ranges = [0..<n] }
        chunks = ranges
        scratchLevel = .allocate(capacity: chunks.count * maxDegree)
        scratchLevel.initialize(repeating: 0)
        scratchIndex = .allocate(capacity: chunks.count * maxDegree)
        scratchIndex.initialize(repeating: 0)
        partials = .allocate(capacity: chunks.count * 4)
        partials.initialize(repeating: 0)
        receivedPrevious = .allocate(capacity: max(m, 1))
        receivedPrevious.initialize(repeating: 0)
        receivedCurrent = .allocate(capacity: max(m, 1))
        receivedCurrent.initialize(repeating: 0)
        gainPrevious = .allocate(capacity: n)
        gainPrevious.initialize(repeating: 0)
        gainCurrent = .allocate(capacity: n)
        gainCurrent.initialize(repeating: 0)
        gainNext = .allocate(capacity: n)
        gainNext.initialize(repeating: 0)
        initialShares = initial.shares
        load(initial)
    }

    deinit {
        rowStart.deallocate(); neighbours.deallocate(); reverse.deallocate(); weights.deallocate()
        sent.deallocate(); next.deallocate(); utilities.deallocate(); marginal.deallocate()
        scratchLevel.deallocate(); scratchIndex.deallocate(); partials.deallocate()
        receivedPrevious.deallocate(); receivedCurrent.deallocate()
        gainPrevious.deallocate(); gainCurrent.deallocate(); gainNext.deallocate()
    }

    /// Sets the allocation and recomputes the utilities.
    func load(_ allocation: Allocation) {
        for i in 0..<n {
            for e in rowStart[i]..<rowStart[i + 1] { sent[e] = weights[i] * allocation.shares[e] }
        }
        computeUtilities()
    }

    /// The current allocation as shares (rows of weight-0 agents keep their initial split).
    func allocation() -> Allocation {
        var shares = initialShares
        for i in 0..<n where weights[i] > 0 {
            let inverse = 1 / weights[i]
            for e in rowStart[i]..<rowStart[i + 1] { shares[e] = sent[e] * inverse }
        }
        return Allocation(shares: shares)
    }

    func utilityArray() -> [Double] { Array(utilities) }

    func swapBuffers() { swap(&sent, &next) }

    /// Runs `body(chunkIndex, rows)` on every chunk, in parallel (`Parallel.forEach`: each
    /// chunk's work depends only on its index, and a round allocates nothing).
    @inline(__always)
    func forEachChunk(_ body: @Sendable (Int, Range<Int>) -> Void) {
        let chunks = self.chunks
        Parallel.forEach(chunks: chunks.count, threads: threads) { c in body(c, chunks[c]) }
    }

    /// u_i = sum over the entries (j -> i) of b, gathered row by row (parallel, deterministic).
    func computeUtilities() {
        let rs = UnsafeSendable(rowStart), rev = UnsafeSendable(reverse)
        let b = UnsafeSendable(sent), u = UnsafeSendable(utilities)
        forEachChunk { _, rows in
            for i in rows {
                var total = 0.0
                for e in rs.value[i]..<rs.value[i + 1] { total += b.value[Int(rev.value[e])] }
                u.value[i] = total
            }
        }
    }

    // MARK: - Proportional response

    /// One proportional-response round (Wu & Zhang 2007): b'_ij = w_i * b_ji / u_i, i.e. each
    /// agent splits its endowment in proportion to the value each neighbour sent it. Writes
    /// u(b) to `utilities` and b' to `next`; call `swapBuffers()` to make b' current. An agent
    /// that received nothing keeps its split.
    func proportionalResponseRound() {
        let rs = UnsafeSendable(rowStart), rev = UnsafeSendable(reverse), w = UnsafeSendable(weights)
        let b = UnsafeSendable(sent), out = UnsafeSendable(next), u = UnsafeSendable(utilities)
        forEachChunk { _, rows in
            let rowStart = rs.value.baseAddress!, reverse = rev.value.baseAddress!
            let b = b.value.baseAddress!, out = out.value.baseAddress!
            for i in rows {
                let s = rowStart[i], t = rowStart[i + 1]
                var total = 0.0
                for e in s..<t { total += b[Int(reverse[e])] }
                u.value[i] = total
                if total > 0 {
                    let factor = w.value[i] / total
                    for e in s..<t { out[e] = b[Int(reverse[e])] * factor }
                } else {
                    for e in s..<t { out[e] = b[e] }
                }
            }
        }
    }

    // MARK: - CMAP water-filling

    /// Agent i's CMAP allocation (document 004, Sec. 5): maximize
    /// sum_{j in N_i} w_j log(c_j + y_j) subject to sum_j y_j = w_i, y >= 0, where
    /// c_j = u_j - b_ij is what j receives from everyone else. KKT: y_j = max(0, tau w_j - c_j)
    /// with tau fixed by the budget. Solved exactly by Michelot's active-set method: start
    /// with every neighbour of positive weight active, set tau = (w_i + sum c) / (sum w) over
    /// the active set, drop every neighbour with c_j >= tau w_j, repeat until none drops. tau
    /// only decreases, so a dropped neighbour is inactive at the optimum, and the loop ends
    /// after at most deg(i) passes with the exact water level.
    ///
    /// Writes y into `output[rowStart[i] ..< rowStart[i+1]]` and returns true; returns false
    /// (writing nothing) when the agent has nothing of value to send or no neighbour of
    /// positive weight, in which case every allocation is optimal and it keeps its own.
    @inline(__always)
    static func waterFill(
        agent i: Int, rowStart: UnsafePointer<Int>, neighbours: UnsafePointer<Int32>,
        weights: UnsafePointer<Double>, sent: UnsafePointer<Double>, utilities: UnsafePointer<Double>,
        output: UnsafeMutablePointer<Double>, level: UnsafeMutablePointer<Double>, active: UnsafeMutablePointer<Int32>
    ) -> Bool {
        let budget = weights[i]
        if budget <= 0 { return false }
        let s = rowStart[i], d = rowStart[i + 1] - s
        var count = 0
        for k in 0..<d {
            let j = Int(neighbours[s + k])
            let others = utilities[j] - sent[s + k]
            level[k] = others > 0 ? others : 0
            if weights[j] > 0 { active[count] = Int32(k); count += 1 }
        }
        if count == 0 { return false }
        var tau = 0.0
        while true {
            var c = 0.0, w = 0.0
            for a in 0..<count {
                let k = Int(active[a])
                c += level[k]
                w += weights[Int(neighbours[s + k])]
            }
            tau = (budget + c) / w
            var kept = 0
            for a in 0..<count {
                let k = Int(active[a])
                if level[k] < tau * weights[Int(neighbours[s + k])] { active[kept] = Int32(k); kept += 1 }
            }
            if kept == count { break }
            count = kept
        }
        for k in 0..<d { output[s + k] = 0 }
        for a in 0..<count {
            let k = Int(active[a])
            output[s + k] = tau * weights[Int(neighbours[s + k])] - level[k]
        }
        return true
    }

    /// Agent i re-optimizes at once (one market round of the sequential schedule); the
    /// utilities of its neighbours are updated in place.
    func sequentialStep(agent i: Int) {
        let s = rowStart[i], t = rowStart[i + 1]
        guard t > s else { return }
        let level = scratchLevel.baseAddress!, active = scratchIndex.baseAddress!
        let out = next.baseAddress!
        let changed = Workspace.waterFill(
            agent: i, rowStart: rowStart.baseAddress!, neighbours: neighbours.baseAddress!,
            weights: weights.baseAddress!, sent: sent.baseAddress!, utilities: utilities.baseAddress!,
            output: out, level: level, active: active)
        guard changed else { return }
        for e in s..<t {
            let j = Int(neighbours[e])
            utilities[j] += out[e] - sent[e]
            sent[e] = out[e]
        }
    }

    /// All agents re-optimize against the same current allocation; each then moves the
    /// fraction `step` of the way to its new allocation (step 1: simultaneous, below 1:
    /// damped). Utilities are recomputed.
    func simultaneousSweep(step: Double) {
        let rs = UnsafeSendable(rowStart), nb = UnsafeSendable(neighbours), w = UnsafeSendable(weights)
        let b = UnsafeSendable(sent), out = UnsafeSendable(next), u = UnsafeSendable(utilities)
        let lv = UnsafeSendable(scratchLevel), ac = UnsafeSendable(scratchIndex)
        let width = maxDegree
        forEachChunk { c, rows in
            let level = lv.value.baseAddress! + c * width, active = ac.value.baseAddress! + c * width
            let b = b.value.baseAddress!, out = out.value.baseAddress!
            for i in rows {
                let s = rs.value[i], t = rs.value[i + 1]
                let changed = Workspace.waterFill(
                    agent: i, rowStart: rs.value.baseAddress!, neighbours: nb.value.baseAddress!,
                    weights: w.value.baseAddress!, sent: b, utilities: u.value.baseAddress!,
                    output: out, level: level, active: active)
                if !changed {
                    for e in s..<t { out[e] = b[e] }
                } else if step < 1 {
                    for e in s..<t { out[e] = (1 - step) * b[e] + step * out[e] }
                }
            }
        }
        swapBuffers()
        computeUtilities()
    }

    // MARK: - Certificate and metrics

    /// Sums, over the current allocation b and its utilities u (which must be current):
    /// [0] the objective sum_j w_j log u_j (Sec. 5, summed over all agents of positive weight),
    /// [1] the duality gap sum_p sum_j b_pj (lambda_p - mu_j) with mu_j = w_j / u_j and
    ///     lambda_p = max over neighbours of mu_j (see `Certificate`),
    /// [2] sum_j max(0, u*_j - u_j) for the reference utilities u* (0 if none).
    func measure(reference: UnsafeBufferPointer<Double>?) -> (objective: Double, gap: Double, shortfall: Double) {
        let rs = UnsafeSendable(rowStart), nb = UnsafeSendable(neighbours), w = UnsafeSendable(weights)
        let b = UnsafeSendable(sent), u = UnsafeSendable(utilities), mu = UnsafeSendable(marginal)
        let part = UnsafeSendable(partials)
        let ref = reference.map { UnsafeSendable($0) }
        forEachChunk { c, rows in
            var objective = 0.0, shortfall = 0.0
            for j in rows {
                let wj = w.value[j], uj = u.value[j]
                if wj > 0 {
                    mu.value[j] = uj > 0 ? wj / uj : .infinity
                    objective += wj * log(uj)
                } else {
                    mu.value[j] = 0
                }
                if let ref { shortfall += max(0, ref.value[j] - uj) }
            }
            part.value[4 * c] = objective
            part.value[4 * c + 2] = shortfall
        }
        forEachChunk { c, rows in
            var gap = 0.0
            for p in rows where w.value[p] > 0 {
                let s = rs.value[p], t = rs.value[p + 1]
                var lambda = 0.0
                for e in s..<t { lambda = max(lambda, mu.value[Int(nb.value[e])]) }
                for e in s..<t { gap += b.value[e] * (lambda - mu.value[Int(nb.value[e])]) }
            }
            part.value[4 * c + 1] = gap
        }
        var objective = 0.0, gap = 0.0, shortfall = 0.0
        for c in 0..<chunks.count {
            objective += partials[4 * c]
            gap += partials[4 * c + 1]
            shortfall += partials[4 * c + 2]
        }
        // An agent of positive weight that receives nothing has mu = infinity: no finite
        // certificate exists (and the objective is -infinity).
        if !objective.isFinite { gap = .infinity }
        return (objective, gap, shortfall)
    }
}
